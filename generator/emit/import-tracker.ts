// Records what a generated file imports, picks non-colliding local names, and prints the sorted import lines.
import { upperFirst } from '../model/names.js';

interface Imported {
  readonly module: string;
  readonly name: string;
  readonly local: string;
  readonly typeOnly: boolean;
}

/**
 * One per generated file. Local declarations are registered first; an import whose name is taken gets an alias
 * built from `aliasPrefix` (`CoreV1Container`), then a number.
 */
export class ImportTracker {
  private readonly taken: Set<string>;
  private readonly byKey = new Map<string, Imported>();

  constructor(localNames: Iterable<string>) {
    this.taken = new Set(localNames);
  }

  /** Imports a type; returns the name to use for it in this file. */
  type(module: string, name: string, aliasPrefix: string): string {
    return this.add(module, name, aliasPrefix, true);
  }

  /** Imports a value (function or constant); returns the name to use for it in this file. */
  value(module: string, name: string, aliasPrefix: string): string {
    return this.add(module, name, aliasPrefix, false);
  }

  private add(module: string, name: string, aliasPrefix: string, typeOnly: boolean): string {
    const key = `${module}\0${name}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (existing.typeOnly && !typeOnly) {
        this.byKey.set(key, { ...existing, typeOnly: false });
      }
      return existing.local;
    }
    let local = name;
    if (this.taken.has(local)) {
      const base = `${aliasPrefix}${upperFirst(name)}`;
      local = base;
      for (let i = 2; this.taken.has(local); i++) {
        local = `${base}${i}`;
      }
    }
    this.taken.add(local);
    this.byKey.set(key, { module, name, local, typeOnly });
    return local;
  }

  /** The import statements, bare modules first, then relative ones, each sorted; names sorted within a statement. */
  render(): string {
    const modules = new Map<string, Imported[]>();
    for (const imp of this.byKey.values()) {
      const list = modules.get(imp.module) ?? [];
      list.push(imp);
      modules.set(imp.module, list);
    }
    const order = [...modules.keys()].sort((a, b) => {
      const ra = a.startsWith('.') ? 1 : 0;
      const rb = b.startsWith('.') ? 1 : 0;
      return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
    });
    const lines: string[] = [];
    for (const module of order) {
      const imps = modules.get(module)!.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const allTypes = imps.every((i) => i.typeOnly);
      const specs = imps.map((i) => {
        const prefix = !allTypes && i.typeOnly ? 'type ' : '';
        return i.local === i.name ? `${prefix}${i.name}` : `${prefix}${i.name} as ${i.local}`;
      });
      const head = allTypes ? 'import type' : 'import';
      const one = `${head} { ${specs.join(', ')} } from '${module}';`;
      lines.push(one.length <= 120 ? one : `${head} {\n${specs.map((s) => `  ${s},`).join('\n')}\n} from '${module}';`);
    }
    return lines.join('\n');
  }
}
