// Renders a model TypeNode as a TypeScript type expression, importing the named types it refers to.
import type { TypeNode, TypeTarget } from '../model/api-model.js';
import { propertyKey, tsString } from '../model/names.js';
import type { EmitContext } from './emit-context.js';
import type { ImportTracker } from './import-tracker.js';

/** Where the expression is written: the file and package it belongs to, and the file's imports. */
export interface TypeScope {
  readonly ctx: EmitContext;
  readonly file: string;
  readonly pkgPath: string;
  readonly imports: ImportTracker;
}

/** The name a type target has in the scope's file (imported when it lives elsewhere). */
export function targetName(scope: TypeScope, target: TypeTarget): string {
  if ('runtime' in target) {
    return scope.imports.type(scope.ctx.options.runtimeImport, target.runtime, 'Kgen');
  }
  if (target.pkg === scope.pkgPath) {
    return target.name;
  }
  return scope.imports.type(
    scope.ctx.moduleOf(scope.file, target.pkg, 'types.ts'),
    target.name,
    scope.ctx.aliasPrefix(target),
  );
}

function literal(v: string | number | boolean | null): string {
  if (typeof v === 'string') {
    return tsString(v);
  }
  return String(v);
}

function needsParens(node: TypeNode): boolean {
  return (
    node.k === 'union' ||
    node.k === 'intersection' ||
    node.k === 'int-or-string' ||
    (node.k === 'literal' && node.values.length > 1)
  );
}

/** The TypeScript type expression for `node`. */
export function renderType(scope: TypeScope, node: TypeNode): string {
  switch (node.k) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'unknown':
    case 'null':
      return node.k;
    case 'int-or-string':
      return 'number | string';
    case 'literal':
      return node.values.map(literal).join(' | ');
    case 'array': {
      const inner = renderType(scope, node.items);
      return needsParens(node.items) ? `(${inner})[]` : `${inner}[]`;
    }
    case 'map':
      return `{ [key: string]: ${renderType(scope, node.values)} }`;
    case 'ref':
      return targetName(scope, node.target);
    case 'union':
      return node.members.map((m) => renderType(scope, m)).join(' | ');
    case 'intersection':
      return node.members.map((m) => (needsParens(m) ? `(${renderType(scope, m)})` : renderType(scope, m))).join(' & ');
    case 'object': {
      const props = node.shape.props.map(
        (p) => `${propertyKey(p.name)}${p.optional ? '?' : ''}: ${renderType(scope, p.type)}`,
      );
      if (node.shape.extra !== undefined) {
        props.push(`[key: string]: ${renderType(scope, node.shape.extra)}`);
      }
      return props.length === 0 ? '{ [key: string]: unknown }' : `{ ${props.join('; ')} }`;
    }
  }
}
