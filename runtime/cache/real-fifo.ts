// RealFIFO: every delta in arrival order, nothing coalesced; optionally atomic (one ReplacedAll/SyncAll per relist/resync).
import { isDeletedFinalStateUnknown } from '../api/meta.js';
import type { Delta, Deltas } from './delta.js';
import { Deque } from './deque.js';
import { KeyError } from './errors.js';
import { FifoBase } from './fifo-base.js';
import { type KeyFunc, metaNamespaceKeyFunc } from './keys.js';
import type { PopProcessFunc, ProcessBatchFunc, QueueWithBatch } from './queue.js';
import { reconcileReplacement } from './reconcile-replacement.js';
import type { KeyListerGetter, TransformFunc } from './store.js';

/** Options of {@link RealFIFO}. */
export interface RealFIFOOptions<T> {
  /** @default metaNamespaceKeyFunc */
  keyFunc?: KeyFunc;
  /** The informer's indexer; required unless `atomicEvents`, forbidden with it. */
  knownObjects?: KeyListerGetter<T>;
  /** Applied when an object is queued (not to tombstones or Sync deltas). @default none */
  transform?: TransformFunc<T>;
  /** Queue a relist as one ReplacedAll delta and a resync as one SyncAll (client-go's AtomicFIFO). @default false */
  atomicEvents?: boolean;
  /** Queue bookmarks as Bookmark deltas; requires `atomicEvents`. @default false */
  emitDeltaTypeBookmark?: boolean;
  /** Most deltas popBatch hands over at once. @default 1000 */
  batchSize?: number;
  /** For log lines. @default "RealFIFO" */
  name?: string;
}

const batchable = new Set<Delta<unknown>['type']>(['Sync', 'Replaced', 'Added', 'Updated', 'Deleted']);

/** client-go's RealFIFO: the informers' default queue. */
export class RealFIFO<T> extends FifoBase implements QueueWithBatch<T> {
  private readonly items = new Deque<Delta<T>>();
  private readonly keyFunc: KeyFunc;
  private readonly knownObjects: KeyListerGetter<T> | undefined;
  private readonly atomic: boolean;
  private readonly emitBookmarks: boolean;
  batchSize: number;
  readonly transformer: TransformFunc<T> | undefined;
  readonly name: string;

  constructor(options: RealFIFOOptions<T> = {}) {
    super();
    this.atomic = options.atomicEvents ?? false;
    if (this.atomic && options.knownObjects !== undefined) {
      throw new TypeError('RealFIFO: knownObjects must not be provided when atomicEvents is true');
    }
    if (!this.atomic && options.knownObjects === undefined) {
      throw new TypeError('RealFIFO: knownObjects must be provided when atomicEvents is false');
    }
    if (!this.atomic && options.emitDeltaTypeBookmark) {
      throw new TypeError('RealFIFO: emitDeltaTypeBookmark requires atomicEvents');
    }
    this.keyFunc = options.keyFunc ?? metaNamespaceKeyFunc;
    this.knownObjects = options.knownObjects;
    this.emitBookmarks = options.emitDeltaTypeBookmark ?? false;
    this.transformer = options.transform;
    this.batchSize = options.batchSize ?? 1000;
    this.name = options.name ?? 'RealFIFO';
  }

  get length(): number {
    return this.items.length;
  }

  /** The key of an object, a Deltas list (its newest delta's object) or a tombstone. */
  keyOf(obj: unknown): string {
    let o = obj;
    if (Array.isArray(o)) {
      if (o.length === 0) {
        throw new KeyError(obj, new Error("0 length Deltas object; can't get key"));
      }
      o = (o[o.length - 1] as Delta<T>).object;
    }
    if (isDeletedFinalStateUnknown(o)) {
      return o.key;
    }
    try {
      return this.keyFunc(o);
    } catch (e) {
      throw e instanceof KeyError ? e : new KeyError(obj, e);
    }
  }

  private push(
    type: 'Added' | 'Updated' | 'Deleted' | 'Replaced' | 'Sync',
    obj: unknown,
    skipTransform: boolean,
  ): void {
    this.keyOf(obj);
    let o = obj;
    if (this.transformer !== undefined && !skipTransform && !isDeletedFinalStateUnknown(o)) {
      o = this.transformer(o as T);
    }
    this.items.push({ type, object: o } as Delta<T>);
    this.notify();
  }

  add(obj: T): void {
    this.markPopulated();
    this.push('Added', obj, false);
  }

  update(obj: T): void {
    this.markPopulated();
    this.push('Updated', obj, false);
  }

  /** Queues the deletion even for keys nobody knows: a RealFIFO never drops an event. */
  delete(obj: T): void {
    this.markPopulated();
    this.push('Deleted', obj, false);
  }

  bookmark(resourceVersion: string): void {
    if (!this.emitBookmarks) {
      return;
    }
    this.items.push({ type: 'Bookmark', object: { resourceVersion } });
    this.notify();
  }

  replace(list: readonly T[], resourceVersion: string): void {
    if (this.atomic) {
      const objects =
        this.transformer === undefined ? [...list] : list.map((o) => (this.transformer as TransformFunc<T>)(o));
      this.items.push({ type: 'ReplacedAll', object: { resourceVersion, objects } });
      this.notify();
    } else {
      reconcileReplacement(
        this.items,
        this.knownObjects,
        list,
        (o) => this.keyOf(o),
        (tombstone) => this.push('Deleted', tombstone, true),
        (obj) => this.push('Replaced', obj, false),
      );
    }
    if (!this.populated) {
      this.populated = true;
      this.initialPopulationCount = this.items.length;
      this.checkSynced();
    }
  }

  resync(): void {
    if (this.atomic) {
      this.items.push({ type: 'SyncAll', object: undefined });
      this.notify();
      return;
    }
    const known = this.knownObjects as KeyListerGetter<T>;
    const queued = new Set<string>();
    for (const d of this.items) {
      queued.add(this.keyOf(d.object));
    }
    for (const key of known.listKeys()) {
      if (queued.has(key)) {
        continue;
      }
      const obj = known.getByKey(key);
      if (obj !== undefined) {
        this.push('Sync', obj, true);
      }
    }
  }

  private afterPop(count: number): void {
    if (this.initialPopulationCount > 0) {
      this.initialPopulationCount = Math.max(0, this.initialPopulationCount - count);
      this.checkSynced();
    }
  }

  async pop(process: PopProcessFunc<T>): Promise<Deltas<T>> {
    await this.waitForItems();
    const isInInitialList = !this.hasSynced();
    const deltas: Deltas<T> = [this.items.shift() as Delta<T>];
    try {
      const r = process(deltas, isInInitialList);
      if (r instanceof Promise) {
        await r;
      }
    } finally {
      this.afterPop(1);
    }
    return deltas;
  }

  /**
   * Pops up to `batchSize` batchable deltas with distinct keys, never crossing the end of the initial list. A
   * single delta (or one that cannot be batched) goes to `processSingle`.
   */
  async popBatch(processBatch: ProcessBatchFunc<T>, processSingle: PopProcessFunc<T>): Promise<void> {
    await this.waitForItems();
    const isInInitialList = !this.hasSynced();
    const unique = new Set<string>();
    const batch: Delta<T>[] = [];
    const n = Math.min(this.batchSize, this.items.length);
    for (let i = 0; i < n; i++) {
      if (this.initialPopulationCount > 0 && i >= this.initialPopulationCount) {
        break;
      }
      const item = this.items.peek(i) as Delta<T>;
      if (!batchable.has(item.type)) {
        if (batch.length === 0) {
          batch.push(item);
        }
        break;
      }
      let id: string;
      try {
        id = this.keyOf(item.object);
      } catch {
        // A delta without a key ends the batch but is still delivered, so processing reports its error.
        batch.push(item);
        break;
      }
      if (unique.has(id)) {
        break;
      }
      unique.add(id);
      batch.push(item);
    }
    for (let i = 0; i < batch.length; i++) {
      this.items.shift();
    }
    try {
      const r = batch.length === 1 ? processSingle(batch, isInInitialList) : processBatch(batch, isInInitialList);
      if (r instanceof Promise) {
        await r;
      }
    } finally {
      this.afterPop(batch.length);
    }
  }

  /** The queued deltas, oldest first (a copy), for tests and debugging. */
  getItems(): Delta<T>[] {
    return this.items.toArray();
  }
}
