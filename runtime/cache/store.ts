// Store and Indexer: a key function and an optional transform over a ThreadSafeStore.
import type { DeletedFinalStateUnknown } from '../api/meta.js';
import { KeyError } from './errors.js';
import type { Indexers } from './indexers.js';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc } from './keys.js';
import { type StoreTransaction, ThreadSafeStore } from './thread-safe-store.js';

/**
 * Rewrites an object before it is stored (drop managedFields, keep only metadata, ...). It may modify its argument
 * in place; it must be idempotent because a streaming list applies it twice. Tombstones are never transformed.
 */
export type TransformFunc<T> = (obj: T) => T;

/** The read side of a store that FIFOs consult for deletions and resyncs (client-go's KeyListerGetter). */
export interface KeyListerGetter<T> {
  listKeys(): string[];
  getByKey(key: string): T | undefined;
}

/** A keyed collection of objects: client-go's cache.Store. */
export interface Store<T> extends KeyListerGetter<T> {
  add(obj: T): void;
  update(obj: T): void;
  /** Removes the object (or the key a tombstone carries). */
  delete(obj: T | DeletedFinalStateUnknown<T>): void;
  list(): T[];
  get(obj: T): T | undefined;
  /** Replaces the whole content in one step; `resourceVersion` is the list's. */
  replace(list: readonly T[], resourceVersion: string): void;
  /** A no-op for plain stores; FIFOs queue Sync deltas. */
  resync(): void;
  /** Records a bookmark's resourceVersion. */
  bookmark(resourceVersion: string): void;
  /** The resourceVersion of the last write, replace or bookmark. */
  lastStoreSyncResourceVersion(): string;
  /** Number of stored objects. */
  readonly size: number;
  /** The transform applied on add, update and replace, if any. */
  readonly transformer: TransformFunc<T> | undefined;
}

/** A Store with secondary indices: client-go's cache.Indexer. */
export interface Indexer<T> extends Store<T> {
  /** Objects sharing an index value with `obj`. */
  index(indexName: string, obj: T): T[];
  /** Keys of the objects with `value` in index `indexName`, sorted. */
  indexKeys(indexName: string, value: string): string[];
  /** Every value index `indexName` holds. */
  listIndexFuncValues(indexName: string): string[];
  /** Objects with `value` in index `indexName`. */
  byIndex(indexName: string, value: string): T[];
  getIndexers(): Indexers<T>;
  /** Adds indexers; existing objects are indexed at once. Throws IndexerConflictError for a taken name. */
  addIndexers(indexers: Indexers<T>): void;
  /** Applies several writes in one step (used by the informer's batch processing). */
  transaction(txns: readonly { type: 'add' | 'update' | 'delete'; object: T | DeletedFinalStateUnknown<T> }[]): void;
}

/** Options of {@link newStore} and {@link newIndexer}. */
export interface StoreOptions<T> {
  /** @default deletionHandlingMetaNamespaceKeyFunc */
  keyFunc?: KeyFunc;
  /** Index functions by name. @default {} */
  indexers?: Indexers<T>;
  /** Applied to objects on add, update and replace. @default none */
  transform?: TransformFunc<T>;
}

class CacheStore<T> implements Indexer<T> {
  private readonly storage: ThreadSafeStore<T>;
  private readonly keyFunc: KeyFunc;
  readonly transformer: TransformFunc<T> | undefined;

  constructor(options: StoreOptions<T>) {
    this.keyFunc = options.keyFunc ?? deletionHandlingMetaNamespaceKeyFunc;
    this.transformer = options.transform;
    this.storage = new ThreadSafeStore(options.indexers ?? {});
  }

  get size(): number {
    return this.storage.size;
  }

  private keyOf(obj: unknown): string {
    try {
      return this.keyFunc(obj);
    } catch (e) {
      throw e instanceof KeyError ? e : new KeyError(obj, e);
    }
  }

  add(obj: T): void {
    const key = this.keyOf(obj);
    this.storage.add(key, this.transformer === undefined ? obj : this.transformer(obj));
  }

  update(obj: T): void {
    const key = this.keyOf(obj);
    this.storage.update(key, this.transformer === undefined ? obj : this.transformer(obj));
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    this.storage.deleteWithObject(this.keyOf(obj), obj as T);
  }

  list(): T[] {
    return this.storage.list();
  }

  listKeys(): string[] {
    return this.storage.listKeys();
  }

  get(obj: T): T | undefined {
    return this.storage.get(this.keyOf(obj));
  }

  getByKey(key: string): T | undefined {
    return this.storage.get(key);
  }

  replace(list: readonly T[], resourceVersion: string): void {
    const items = new Map<string, T>();
    for (const item of list) {
      const key = this.keyOf(item);
      items.set(key, this.transformer === undefined ? item : this.transformer(item));
    }
    this.storage.replace(items, resourceVersion);
  }

  resync(): void {}

  bookmark(resourceVersion: string): void {
    this.storage.bookmark(resourceVersion);
  }

  lastStoreSyncResourceVersion(): string {
    return this.storage.lastStoreSyncResourceVersion();
  }

  index(indexName: string, obj: T): T[] {
    return this.storage.index(indexName, obj);
  }

  indexKeys(indexName: string, value: string): string[] {
    return this.storage.indexKeys(indexName, value);
  }

  listIndexFuncValues(indexName: string): string[] {
    return this.storage.listIndexFuncValues(indexName);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.storage.byIndex(indexName, value);
  }

  getIndexers(): Indexers<T> {
    return this.storage.getIndexers();
  }

  addIndexers(indexers: Indexers<T>): void {
    this.storage.addIndexers(indexers);
  }

  transaction(txns: readonly { type: 'add' | 'update' | 'delete'; object: T | DeletedFinalStateUnknown<T> }[]): void {
    const keyed: StoreTransaction<T>[] = new Array(txns.length);
    for (let i = 0; i < txns.length; i++) {
      const t = txns[i] as { type: 'add' | 'update' | 'delete'; object: T };
      keyed[i] = { type: t.type, key: this.keyOf(t.object), object: t.object };
    }
    this.storage.transaction(keyed);
  }
}

/** A store without indices (client-go's NewStore). */
export function newStore<T>(options: Omit<StoreOptions<T>, 'indexers'> = {}): Store<T> {
  return new CacheStore<T>(options);
}

/** A store with indices (client-go's NewIndexer). */
export function newIndexer<T>(options: StoreOptions<T> = {}): Indexer<T> {
  return new CacheStore<T>(options);
}
