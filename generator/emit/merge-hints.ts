// The list and map merge semantics of a kind's schema, by field path, for the fake's apply and strategic merge.
import type { ApiPackage, Kind, Property, TypeNode } from '../model/api-model.js';
import type { EmitContext } from './emit-context.js';

/** runtime/fake's FieldMergeHint, as plain data. */
export type MergeHint =
  | { readonly listType: 'map'; readonly keys: readonly string[] }
  | { readonly listType: 'set' }
  | { readonly mapType: 'atomic' };

// Recursive schemas (JSONSchemaProps) and very deep trees stop here; no real merge hint sits deeper.
const maxDepth = 16;

/** The hint a property's schema facts state (`listType map (keys: a, b)`, `listType set`, `mapType atomic`). */
function hintOf(p: Property): MergeHint | undefined {
  for (const fact of p.doc.facts ?? []) {
    const list = /^listType (map|set|atomic)(?: \(keys: (.*)\))?$/.exec(fact);
    if (list !== null) {
      if (list[1] === 'map') {
        const keys = (list[2] ?? '').split(', ').filter((k) => k !== '');
        return keys.length > 0 ? { listType: 'map', keys } : undefined;
      }
      // Atomic is what the fake does with a list that has no hint.
      return list[1] === 'set' ? { listType: 'set' } : undefined;
    }
    if (fact === 'mapType atomic') {
      return { mapType: 'atomic' };
    }
  }
  return undefined;
}

/**
 * Every merge hint under kind `k`, keyed by path (`.spec.ports`, `.spec.containers[].ports`), sorted by path.
 * Lists and maps without a hint keep the fake's defaults (atomic lists, granular maps), so atomic lists are left out.
 */
export function mergeHintsOf(pkg: ApiPackage, k: Kind, ctx: EmitContext): [string, MergeHint][] {
  const out = new Map<string, MergeHint>();
  const visit = (node: TypeNode, path: string, seen: ReadonlySet<string>, depth: number): void => {
    if (depth > maxDepth) {
      return;
    }
    switch (node.k) {
      case 'array':
        visit(node.items, `${path}[]`, seen, depth + 1);
        return;
      case 'union':
      case 'intersection':
        for (const m of node.members) {
          visit(m, path, seen, depth + 1);
        }
        return;
      case 'ref': {
        if ('runtime' in node.target) {
          return;
        }
        const key = `${node.target.pkg}\0${node.target.name}`;
        const def = ctx.typeOf(node.target);
        if (def === undefined || seen.has(key)) {
          return;
        }
        visit(def.type, path, new Set([...seen, key]), depth + 1);
        return;
      }
      case 'object':
        for (const p of node.shape.props) {
          const at = `${path}.${p.name}`;
          const hint = hintOf(p);
          if (hint !== undefined) {
            out.set(at, hint);
          }
          visit(p.type, at, seen, depth + 1);
        }
        return;
      default:
        return;
    }
  };
  const root = ctx.typeOf({ pkg: pkg.path, name: k.typeName });
  if (root !== undefined) {
    visit(root.type, '', new Set([`${pkg.path}\0${k.typeName}`]), 0);
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
