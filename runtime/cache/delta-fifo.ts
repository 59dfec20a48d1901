// DeltaFIFO: a FIFO of per-key delta lists; a key keeps its first queue position and deltas coalesce under it.
import { type DeletedFinalStateUnknown, isDeletedFinalStateUnknown } from '../api/meta.js';
import { logger } from '../util/logger.js';
import { type Delta, type Deltas, deletedFinalStateUnknown, newestDelta } from './delta.js';
import { Deque } from './deque.js';
import { KeyError } from './errors.js';
import { FifoBase } from './fifo-base.js';
import { type KeyFunc, metaNamespaceKeyFunc } from './keys.js';
import type { PopProcessFunc, Queue } from './queue.js';
import type { KeyListerGetter, TransformFunc } from './store.js';

/** Options of {@link DeltaFIFO}. */
export interface DeltaFIFOOptions<T> {
  /** @default metaNamespaceKeyFunc */
  keyFunc?: KeyFunc;
  /** The informer's indexer: lets Delete and Replace see objects already popped. @default none */
  knownObjects?: KeyListerGetter<T>;
  /** Emit Replaced instead of Sync for objects of a Replace (informers set it). @default false */
  emitDeltaTypeReplaced?: boolean;
  /** Applied when an object is queued (not to tombstones or Sync deltas). @default none */
  transform?: TransformFunc<T>;
  /** For log lines. @default "DeltaFIFO" */
  name?: string;
}

type Item<T> = T | DeletedFinalStateUnknown<T>;

// Two consecutive deletions collapse; an explicit deletion wins over a tombstone because it carries the final state.
function dedupDeltas<T>(deltas: Delta<T>[]): void {
  const n = deltas.length;
  if (n < 2) {
    return;
  }
  const a = deltas[n - 1] as Delta<T>;
  const b = deltas[n - 2] as Delta<T>;
  if (a.type !== 'Deleted' || b.type !== 'Deleted') {
    return;
  }
  deltas[n - 2] = isDeletedFinalStateUnknown(b.object) ? a : b;
  deltas.length = n - 1;
}

/** client-go's DeltaFIFO, selectable with the informer option `queue: 'DeltaFIFO'`. */
export class DeltaFIFO<T> extends FifoBase implements Queue<T> {
  private readonly items = new Map<string, Delta<T>[]>();
  private readonly queue = new Deque<string>();
  private readonly keyFunc: KeyFunc;
  private readonly knownObjects: KeyListerGetter<T> | undefined;
  private readonly emitDeltaTypeReplaced: boolean;
  readonly transformer: TransformFunc<T> | undefined;
  readonly name: string;

  constructor(options: DeltaFIFOOptions<T> = {}) {
    super();
    this.keyFunc = options.keyFunc ?? metaNamespaceKeyFunc;
    this.knownObjects = options.knownObjects;
    this.emitDeltaTypeReplaced = options.emitDeltaTypeReplaced ?? false;
    this.transformer = options.transform;
    this.name = options.name ?? 'DeltaFIFO';
  }

  get length(): number {
    return this.queue.length;
  }

  /** The key of an object, of a Deltas list (its newest object) or of a tombstone. */
  keyOf(obj: unknown): string {
    let o = obj;
    if (Array.isArray(o)) {
      const newest = newestDelta(o as Deltas<T>);
      if (newest === undefined) {
        throw new KeyError(obj, new Error("0 length Deltas object; can't get key"));
      }
      o = newest.object;
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

  add(obj: T): void {
    this.markPopulated();
    this.queueAction('Added', 'Added', obj);
  }

  update(obj: T): void {
    this.markPopulated();
    this.queueAction('Updated', 'Updated', obj);
  }

  /** Queues a deletion, unless the object is neither queued nor known (there is nothing to delete). */
  delete(obj: Item<T>): void {
    const id = this.keyOf(obj);
    this.markPopulated();
    if (!this.items.has(id) && (this.knownObjects === undefined || this.knownObjects.getByKey(id) === undefined)) {
      return;
    }
    this.queueAction('Deleted', 'Deleted', obj);
  }

  private queueAction(type: Delta<T>['type'], internal: Delta<T>['type'], obj: Item<T>): void {
    const id = this.keyOf(obj);
    let o = obj;
    if (this.transformer !== undefined && internal !== 'Sync' && !isDeletedFinalStateUnknown(o)) {
      o = this.transformer(o);
    }
    let deltas = this.items.get(id);
    if (deltas === undefined) {
      deltas = [];
      this.items.set(id, deltas);
      this.queue.push(id);
    }
    deltas.push({ type, object: o } as Delta<T>);
    dedupDeltas(deltas);
    this.notify();
  }

  async pop(process: PopProcessFunc<T>): Promise<Deltas<T>> {
    for (;;) {
      await this.waitForItems();
      const isInInitialList = !this.hasSynced();
      const id = this.queue.shift() as string;
      if (this.initialPopulationCount > 0) {
        this.initialPopulationCount--;
        this.checkSynced();
      }
      const item = this.items.get(id);
      if (item === undefined) {
        logger().error('DeltaFIFO: item was in the queue but not in the items map; ignoring', { fifo: this.name, id });
        continue;
      }
      this.items.delete(id);
      const r = process(item, isInInitialList);
      if (r instanceof Promise) {
        await r;
      }
      return item;
    }
  }

  /**
   * Queues a Replaced (or Sync) delta for every listed object, then tombstones for queued keys not listed, then
   * tombstones for known keys neither listed nor queued.
   */
  replace(list: readonly T[], _resourceVersion: string): void {
    const keys = new Set<string>();
    const action = this.emitDeltaTypeReplaced ? 'Replaced' : 'Sync';
    for (const item of list) {
      keys.add(this.keyOf(item));
      this.queueAction(action, 'Replaced', item);
    }
    let queuedDeletions = 0;
    for (const [k, deltas] of this.items) {
      if (keys.has(k)) {
        continue;
      }
      let deleted = newestDelta(deltas)?.object as Item<T> | undefined;
      if (isDeletedFinalStateUnknown<T>(deleted)) {
        deleted = deleted.obj;
      }
      queuedDeletions++;
      this.queueAction('Deleted', 'Deleted', deletedFinalStateUnknown(k, deleted as T | undefined));
    }
    if (this.knownObjects !== undefined) {
      for (const k of this.knownObjects.listKeys()) {
        if (keys.has(k) || (this.items.get(k)?.length ?? 0) > 0) {
          continue;
        }
        const known = this.knownObjects.getByKey(k);
        if (known === undefined) {
          logger().info(
            'Key does not exist in known objects store, placing DeleteFinalStateUnknown marker without object',
            {
              key: k,
            },
          );
        }
        queuedDeletions++;
        this.queueAction('Deleted', 'Deleted', deletedFinalStateUnknown(k, known));
      }
    }
    if (!this.populated) {
      this.populated = true;
      this.initialPopulationCount = keys.size + queuedDeletions;
      this.checkSynced();
    }
  }

  /** Queues Sync for every known key with nothing queued, so a resync never overtakes a pending change. */
  resync(): void {
    if (this.knownObjects === undefined) {
      return;
    }
    for (const k of this.knownObjects.listKeys()) {
      const obj = this.knownObjects.getByKey(k);
      if (obj === undefined) {
        logger().info('Key does not exist in known objects store, unable to queue object for sync', { key: k });
        continue;
      }
      const id = this.keyOf(obj);
      if ((this.items.get(id)?.length ?? 0) > 0) {
        continue;
      }
      this.queueAction('Sync', 'Sync', obj);
    }
  }

  /** The queued deltas of a key (a copy), for tests and debugging. */
  getByKey(key: string): Deltas<T> | undefined {
    const d = this.items.get(key);
    return d === undefined ? undefined : [...d];
  }

  /** Queued keys in pop order. */
  listKeys(): string[] {
    return this.queue.toArray();
  }

  /** The newest object of every queued key. */
  list(): Item<T>[] {
    return [...this.items.values()].map((d) => (newestDelta(d) as Delta<T>).object as Item<T>);
  }
}
