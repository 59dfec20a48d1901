// The secondary indices of a ThreadSafeStore: index name -> indexed value -> set of primary keys.
import { IndexerConflictError, IndexFuncError, IndexNotFoundError } from './errors.js';
import type { Indexers, IndexFunc } from './indexers.js';

type Index = Map<string, Set<string>>;

const emptySet: ReadonlySet<string> = new Set();

/** Index bookkeeping shared by the store's writes and queries; not exported from the package. */
export class StoreIndex<T> {
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private indices = new Map<string, Index>();

  constructor(indexers: Indexers<T>) {
    for (const name of Object.keys(indexers)) {
      this.indexers.set(name, indexers[name] as IndexFunc<T>);
    }
  }

  getIndexers(): Indexers<T> {
    return Object.fromEntries(this.indexers);
  }

  hasIndexers(): boolean {
    return this.indexers.size > 0;
  }

  reset(): void {
    this.indices = new Map();
  }

  private funcOf(name: string): IndexFunc<T> {
    const fn = this.indexers.get(name);
    if (fn === undefined) {
      throw new IndexNotFoundError(name);
    }
    return fn;
  }

  /** Keys of every object sharing at least one index value with `obj`. */
  keysFromObject(name: string, obj: T): ReadonlySet<string> {
    const values = this.funcOf(name)(obj);
    const index = this.indices.get(name);
    if (values.length === 1) {
      return index?.get(values[0] as string) ?? emptySet;
    }
    const out = new Set<string>();
    for (const v of values) {
      for (const k of index?.get(v) ?? emptySet) {
        out.add(k);
      }
    }
    return out;
  }

  keysByValue(name: string, value: string): ReadonlySet<string> {
    this.funcOf(name);
    return this.indices.get(name)?.get(value) ?? emptySet;
  }

  values(name: string): string[] {
    return [...(this.indices.get(name)?.keys() ?? [])];
  }

  addIndexers(newIndexers: Indexers<T>): string[] {
    const names = Object.keys(newIndexers);
    const clash = names.filter((n) => this.indexers.has(n));
    if (clash.length > 0) {
      throw new IndexerConflictError(clash.sort());
    }
    for (const n of names) {
      this.indexers.set(n, newIndexers[n] as IndexFunc<T>);
    }
    return names;
  }

  updateIndices(oldObj: T | undefined, newObj: T | undefined, key: string): void {
    for (const name of this.indexers.keys()) {
      this.updateSingle(name, oldObj, newObj, key);
    }
  }

  updateSingle(name: string, oldObj: T | undefined, newObj: T | undefined, key: string): void {
    const fn = this.funcOf(name);
    const oldValues = oldObj === undefined ? [] : this.call(fn, oldObj, key, name);
    const newValues = newObj === undefined ? [] : this.call(fn, newObj, key, name);
    let index = this.indices.get(name);
    if (index === undefined) {
      index = new Map();
      this.indices.set(name, index);
    }
    // The common case (one unchanged value, e.g. the namespace) costs no set operations.
    if (oldValues.length === 1 && newValues.length === 1 && oldValues[0] === newValues[0]) {
      return;
    }
    for (const v of oldValues) {
      const set = index.get(v);
      if (set !== undefined) {
        set.delete(key);
        if (set.size === 0) {
          index.delete(v);
        }
      }
    }
    for (const v of newValues) {
      let set = index.get(v);
      if (set === undefined) {
        set = new Set();
        index.set(v, set);
      }
      set.add(key);
    }
  }

  private call(fn: IndexFunc<T>, obj: T, key: string, name: string): readonly string[] {
    try {
      return fn(obj);
    } catch (e) {
      throw new IndexFuncError(key, name, e);
    }
  }
}
