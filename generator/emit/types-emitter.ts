// Emits `types.ts` of a package: one interface per object type, a type alias for everything else, with JSDoc.
import type { ApiPackage, TypeDef } from '../model/api-model.js';
import { propertyKey } from '../model/names.js';
import { renderDoc } from './doc-comment.js';
import type { EmitContext } from './emit-context.js';
import type { GeneratedFile } from './generated-file.js';
import { ImportTracker } from './import-tracker.js';
import { renderType, type TypeScope } from './type-expression.js';

function renderTypeDef(scope: TypeScope, def: TypeDef): string {
  const doc = renderDoc(def.doc, '');
  if (def.type.k !== 'object') {
    return `${doc}export type ${def.name} = ${renderType(scope, def.type)};\n`;
  }
  const shape = def.type.shape;
  let body = '';
  for (const p of shape.props) {
    body += renderDoc(p.doc, '  ');
    body += `  ${propertyKey(p.name)}${p.optional ? '?' : ''}: ${renderType(scope, p.type)};\n`;
  }
  if (shape.extra !== undefined) {
    body += '  /** Fields the schema does not declare. */\n';
    body += `  [key: string]: ${renderType(scope, shape.extra)};\n`;
  }
  return `${doc}export interface ${def.name} {\n${body}}\n`;
}

/** The text of `apis/<group>/<version>/types.ts`. */
export function emitTypes(pkg: ApiPackage, ctx: EmitContext): GeneratedFile {
  const file = `${pkg.path}/types.ts`;
  const imports = new ImportTracker(pkg.types.map((t) => t.name));
  const scope: TypeScope = { ctx, file, pkgPath: pkg.path, imports };
  const body = pkg.types.map((t) => renderTypeDef(scope, t)).join('\n');
  const head = imports.render();
  return { path: file, content: head === '' ? body : `${head}\n\n${body}` };
}
