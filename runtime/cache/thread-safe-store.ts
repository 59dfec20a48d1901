// ThreadSafeStore: the keyed object map with secondary indices that backs every Indexer.

import type { Indexers } from './indexers.js';
import { StoreIndex } from './store-index.js';

/** One write of a {@link ThreadSafeStore.transaction}. */
export interface StoreTransaction<T> {
  readonly type: 'add' | 'update' | 'delete';
  readonly key: string;
  readonly object: T;
}

/** The resourceVersion of a parsed object, or undefined for values without metadata. */
export function resourceVersionOf(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null) {
    return undefined;
  }
  const meta = (obj as { metadata?: { resourceVersion?: string } | null }).metadata;
  if (typeof meta !== 'object' || meta === null) {
    return undefined;
  }
  return meta.resourceVersion ?? '';
}

/**
 * A keyed map of objects plus indices. JavaScript runs one callback at a time, so "thread safe" here means every
 * operation leaves items and indices consistent before it returns, as client-go's does under its lock.
 */
export class ThreadSafeStore<T> {
  private items = new Map<string, T>();
  private readonly indices: StoreIndex<T>;
  private rv = '';

  constructor(indexers: Indexers<T> = {}) {
    this.indices = new StoreIndex(indexers);
  }

  /** Number of stored objects. */
  get size(): number {
    return this.items.size;
  }

  add(key: string, obj: T): void {
    this.update(key, obj);
  }

  update(key: string, obj: T): void {
    this.updateItem(key, obj);
    this.trackRv(obj);
  }

  delete(key: string): void {
    this.deleteItem(key);
  }

  /** Deletes `key`; the store's resourceVersion follows `obj`, the last state the server reported. */
  deleteWithObject(key: string, obj: T | undefined): void {
    this.deleteItem(key);
    if (obj !== undefined) {
      this.trackRv(obj);
    }
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Swaps in a whole new content in one step and rebuilds every index. */
  replace(items: Map<string, T>, resourceVersion: string): void {
    this.items = items;
    this.rv = resourceVersion;
    this.indices.reset();
    for (const [key, item] of items) {
      this.indices.updateIndices(undefined, item, key);
    }
  }

  /** Applies several writes; the store's resourceVersion follows the last one. */
  transaction(txns: readonly StoreTransaction<T>[]): void {
    if (txns.length === 0) {
      return;
    }
    for (const t of txns) {
      if (t.type === 'delete') {
        this.deleteItem(t.key);
      } else {
        this.updateItem(t.key, t.object);
      }
    }
    this.trackRv((txns[txns.length - 1] as StoreTransaction<T>).object);
  }

  /** Objects sharing at least one index value with `obj`. */
  index(indexName: string, obj: T): T[] {
    return this.collect(this.indices.keysFromObject(indexName, obj));
  }

  /** Objects whose index `indexName` has `value`, in no particular order. */
  byIndex(indexName: string, value: string): T[] {
    return this.collect(this.indices.keysByValue(indexName, value));
  }

  /** Keys of the objects whose index `indexName` has `value`, sorted. */
  indexKeys(indexName: string, value: string): string[] {
    return [...this.indices.keysByValue(indexName, value)].sort();
  }

  /** Every value the index currently holds; values without objects are pruned. */
  listIndexFuncValues(indexName: string): string[] {
    return this.indices.values(indexName);
  }

  getIndexers(): Indexers<T> {
    return this.indices.getIndexers();
  }

  /** Adds indexers and indexes the existing objects with them. */
  addIndexers(indexers: Indexers<T>): void {
    const names = this.indices.addIndexers(indexers);
    for (const [key, item] of this.items) {
      for (const n of names) {
        this.indices.updateSingle(n, undefined, item, key);
      }
    }
  }

  /** Records the resourceVersion of a bookmark: the store is known current up to it. */
  bookmark(resourceVersion: string): void {
    this.rv = resourceVersion;
  }

  /** The resourceVersion of the last write, replace or bookmark ("" before any). */
  lastStoreSyncResourceVersion(): string {
    return this.rv;
  }

  private updateItem(key: string, obj: T): void {
    const old = this.items.get(key);
    // Index first: if an index function throws, the store still matches its indices.
    this.indices.updateIndices(old, obj, key);
    this.items.set(key, obj);
  }

  private deleteItem(key: string): void {
    const old = this.items.get(key);
    if (old !== undefined) {
      this.indices.updateIndices(old, undefined, key);
      this.items.delete(key);
    }
  }

  private trackRv(obj: T): void {
    const rv = resourceVersionOf(obj);
    if (rv !== undefined) {
      this.rv = rv;
    }
  }

  private collect(keys: ReadonlySet<string>): T[] {
    const out: T[] = [];
    for (const k of keys) {
      const item = this.items.get(k);
      if (item !== undefined) {
        out.push(item);
      }
    }
    return out;
  }
}
