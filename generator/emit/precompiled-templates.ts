// Templates precompiled ahead of time, by name; empty here, filled in the CLI bundle (generator/cli/cli-bundle.ts).
import type Handlebars from 'handlebars';

/** What Handlebars.precompile() produces and Handlebars.template() takes. */
export type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * Precompiled `templates/<name>.hbs`, compiled with `templateCompileOptions`. Running from the sources this is empty
 * and render() compiles each template on first use; the CLI bundle replaces this module so that the command skips
 * the Handlebars compiler, whose loading and first compilation cost more than generating one API group.
 */
export const precompiledTemplates: Readonly<Record<string, TemplateSpecification>> = {};
