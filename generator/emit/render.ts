// The handlebars instance for per-kind files: no HTML escaping, strict lookups, built-in helpers only.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

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
    const source = readFileSync(new URL(`./templates/${name}.hbs`, import.meta.url), 'utf8');
    template = instance.compile(source, { noEscape: true, strict: true, knownHelpersOnly: true });
    compiled.set(name, template);
  }
  return template(view);
}
