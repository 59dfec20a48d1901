// Rejects definitions that are aliases of themselves: TypeScript cannot express a type with no shape.
import { GeneratorError, type InputLocation } from '../errors.js';
import type { ApiPackage, TypeDef, TypeNode } from './api-model.js';

/** Where a model type came from, for the error: its definition's name and location. */
export type DefinitionOrigin = (typeKey: string) => { name: string; where: InputLocation } | undefined;

/** The types a node stands for directly (a ref, or the members of a union or intersection), as `pkg\0name` keys. */
function directRefs(n: TypeNode): string[] {
  if (n.k === 'ref') {
    return 'pkg' in n.target ? [`${n.target.pkg}\0${n.target.name}`] : [];
  }
  return n.k === 'union' || n.k === 'intersection' ? n.members.flatMap(directRefs) : [];
}

/**
 * A definition that is only a reference to itself (directly, through other aliases, or through unions and
 * intersections of them) has no shape, and TypeScript rejects the alias; say so at the definition instead.
 * References through properties, items and maps are fine and are not followed.
 */
export function checkAliasCycles(packages: readonly ApiPackage[], originOf: DefinitionOrigin): void {
  const defs = new Map<string, TypeDef>();
  for (const p of packages) {
    for (const t of p.types) {
      defs.set(`${p.path}\0${t.name}`, t);
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (key: string, trail: string[]): void => {
    if (state.get(key) === 'done') {
      return;
    }
    if (state.get(key) === 'open') {
      const loop = trail.slice(trail.indexOf(key)).map((k) => k.split('\0')[1]!);
      const origin = originOf(key);
      throw new GeneratorError(
        'KGEN_SCHEMA_INVALID',
        `definition ${origin?.name ?? loop[0]} is only a reference to itself (${[...loop, loop[0]].join(' → ')}), so it has no shape`,
        {
          ...(origin?.where ?? {}),
          hint: 'Give one definition of the loop a type or properties; references through properties, items and maps are fine.',
        },
      );
    }
    const def = defs.get(key);
    if (def === undefined) {
      return;
    }
    state.set(key, 'open');
    for (const next of directRefs(def.type)) {
      visit(next, [...trail, key]);
    }
    state.set(key, 'done');
  };
  for (const key of [...defs.keys()].sort()) {
    visit(key, []);
  }
}
