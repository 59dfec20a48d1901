// The handlebars instance for per-kind files: no HTML escaping, strict lookups, built-in helpers only.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { precompiledTemplates } from './precompiled-templates.js';

/** How every template is compiled, at first use or ahead of time for the CLI bundle; both give the same bytes. */
export const templateCompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true } as const;

/** The directory of the `.hbs` files, next to this module in the sources. */
export const templatesDir = new URL('./templates/', import.meta.url);

const instance = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Renders `templates/<name>.hbs` with a view-model. Views set every field they use (strict mode throws on a
 * missing one), and hold text already escaped for TypeScript: templates only place it.
 */
export function render(name: string, view: object): string {
  let template = compiled.get(name);
  if (template === undefined) {
    // Templates are part of the generator, not input: read once per process, next to this module.
    template = Object.hasOwn(precompiledTemplates, name)
      ? instance.template(precompiledTemplates[name]!)
      : instance.compile(readFileSync(new URL(`${name}.hbs`, templatesDir), 'utf8'), templateCompileOptions);
    compiled.set(name, template);
  }
  return template(view);
}
