// The typed workqueue: a FIFO with dirty and processing sets, so an item is never handled by two workers at once.
import { type MetricsProvider, metricsProvider } from '../metrics/metrics-provider.js';
import { abortReason, onAbort, throwIfAborted } from '../util/abort.js';
import { type Clock, realClock } from '../util/clock.js';
import { dirtyBit, processingBit, QueueEntry, waitingBit } from './queue-entry.js';
import { QueueMetrics } from './queue-metrics.js';
import { RingBuffer } from './ring-buffer.js';

/** What {@link WorkQueue.get} resolves to: an item to process, or `shutdown` once the queue is drained and shut down. */
export type GetResult<T> =
  | { readonly item: T; readonly shutdown: false }
  | { readonly item?: undefined; readonly shutdown: true };

/** Options shared by every queue kind. */
export interface WorkQueueOptions<T> {
  /** Names the queue in metrics; metrics are recorded only for named queues. @default '' */
  name?: string;
  /**
   * Identity of an item. Two items with the same key are the same work; the most recent value is kept.
   * @default the item itself (right for strings and numbers)
   */
  keyOf?: (item: T) => unknown;
  /** Receives the queue's metrics when `name` is set. @default the global provider (no-op unless set) */
  metricsProvider?: MetricsProvider;
  /** Time source for metrics and delays. @default realClock */
  clock?: Clock;
}

interface Waiter<T> {
  resolve(r: GetResult<T>): void;
  dispose(): void;
}

const shutdownResult: GetResult<never> = { shutdown: true };

// Most idle per-key entries kept for reuse.
const idleEntriesKept = 1024;

/**
 * client-go's workqueue.Typed. `add` marks an item dirty and queues it unless it is being processed; `done`
 * re-queues an item that became dirty while processing. Items still queued at shutdown are delivered before
 * `get` reports shutdown.
 */
export class WorkQueue<T> {
  protected readonly clock: Clock;
  protected readonly keyOf: (item: T) => unknown;
  // With the default identity key the key is the item, so the value map lookups can be skipped.
  protected readonly identity: boolean;
  protected readonly metrics: QueueMetrics<unknown> | undefined;
  // One entry per key that is dirty, processing or waiting, plus up to idleEntriesKept idle ones (state 0) kept for
  // reuse; the FIFO holds the queued entries.
  private readonly entries = new Map<unknown, QueueEntry<T>>();
  private idle = 0;
  private readonly queue = new RingBuffer<QueueEntry<T>>();
  private processing = 0;
  // The entry take() handed out last: a worker's done() usually names it, which spares the hash lookup.
  private lastTaken: QueueEntry<T> | undefined;
  private readonly waiters: Waiter<T>[] = [];
  private shuttingDown = false;
  private drain = false;
  private drained: (() => void) | undefined;

  constructor(options: WorkQueueOptions<T> = {}) {
    this.clock = options.clock ?? realClock;
    this.keyOf = options.keyOf ?? ((item: T) => item);
    this.identity = options.keyOf === undefined;
    const name = options.name ?? '';
    this.metrics =
      name === '' ? undefined : new QueueMetrics(name, options.metricsProvider ?? metricsProvider(), this.clock);
  }

  /** Queues an item unless it is already queued; an item being processed is queued again when it is done. */
  add(item: T): void {
    if (this.shuttingDown) {
      return;
    }
    this.mark(this.entryFor(this.identity ? item : this.keyOf(item)), item);
  }

  /** Number of items waiting to be processed. */
  len(): number {
    return this.queue.length;
  }

  /** The next item without waiting, or undefined when none is queued (the synchronous fast path). */
  tryGet(): T | undefined {
    if (this.queue.length === 0) {
      return undefined;
    }
    return this.take();
  }

  /**
   * Waits for the next item. Resolves `{ shutdown: true }` once the queue is shut down and empty; rejects with
   * the abort reason if `signal` aborts first. Every item returned must be passed to {@link WorkQueue.done}.
   */
  get(signal?: AbortSignal): Promise<GetResult<T>> {
    throwIfAborted(signal);
    if (this.queue.length > 0) {
      return Promise.resolve({ item: this.take(), shutdown: false });
    }
    if (this.shuttingDown) {
      return Promise.resolve(shutdownResult);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve: (r) => {
          waiter.dispose();
          resolve(r);
        },
        dispose: () => {},
      };
      const removeListener = onAbort(signal, () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
        }
        reject(abortReason(signal as AbortSignal));
      });
      waiter.dispose = removeListener;
      this.waiters.push(waiter);
    });
  }

  /** Marks an item finished; if it was added again meanwhile it is queued now (even after shutdown). */
  done(item: T): void {
    const key = this.identity ? item : this.keyOf(item);
    const last = this.lastTaken;
    const entry = last !== undefined && last.key === key ? last : this.entries.get(key);
    if (entry === undefined || (entry.state & processingBit) === 0) {
      // Not handed out (or already done): nothing to release.
      return;
    }
    this.metrics?.done(key);
    this.processing--;
    const state = entry.state & ~processingBit;
    entry.state = state;
    if ((state & dirtyBit) !== 0) {
      this.push(entry);
      return;
    }
    if (state === 0) {
      this.retire(key);
    }
    if (this.processing === 0 && this.drained !== undefined) {
      this.finishDrain();
    }
  }

  /** Stops accepting items at once; queued items are still handed out, then `get` reports shutdown. */
  shutDown(): void {
    this.drain = false;
    this.beginShutdown();
    this.finishDrain();
  }

  /** Like {@link WorkQueue.shutDown}, but resolves only when every item handed out is done (or shutDown is called). */
  shutDownWithDrain(): Promise<void> {
    this.drain = true;
    this.beginShutdown();
    if (this.processing === 0 || !this.drain) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const prev = this.drained;
      this.drained = () => {
        prev?.();
        resolve();
      };
    });
  }

  /** True once shutDown or shutDownWithDrain has been called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Number of items handed out and not yet done. */
  processingCount(): number {
    return this.processing;
  }

  private beginShutdown(): void {
    if (this.shuttingDown) {
      return;
    }
    this.shuttingDown = true;
    this.metrics?.stop();
    this.onShutdown();
    if (this.queue.length === 0) {
      const waiters = this.waiters.splice(0);
      for (const w of waiters) {
        w.resolve(shutdownResult);
      }
    }
  }

  /** Hook for subclasses that own timers. */
  protected onShutdown(): void {}

  /** The entry of `key`, created (and tracked) if the key has none. The caller sets one of its state bits. */
  protected entryFor(key: unknown): QueueEntry<T> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = new QueueEntry<T>(key);
      this.entries.set(key, entry);
    } else if (entry.state === 0) {
      this.idle--;
    }
    return entry;
  }

  // A key that is done and not dirty keeps its entry while few do: a controller sees the same keys again and
  // again, and reusing the entry saves a Map insert and delete per cycle. Past the bound, entries go at once, so a
  // stream of distinct keys costs what it always did and the idle ones never hold more than a little memory.
  private retire(key: unknown): void {
    if (this.idle < idleEntriesKept) {
      this.idle++;
    } else {
      this.entries.delete(key);
      if (this.lastTaken?.key === key) {
        this.lastTaken = undefined;
      }
    }
  }

  /** Entries kept for keys that are neither queued, processing nor waiting (at most 1024). */
  idleEntries(): number {
    return this.idle;
  }

  /** `add` once the entry is found: marks it dirty and queues it unless it is dirty or being processed already. */
  protected mark(entry: QueueEntry<T>, item: T): void {
    if (!this.identity) {
      // Keep the newest value for the key: while the item waits, an update costs nothing extra.
      entry.value = item;
    }
    const state = entry.state;
    if ((state & dirtyBit) !== 0) {
      return;
    }
    this.metrics?.add(entry.key);
    entry.state = state | dirtyBit;
    if ((state & processingBit) !== 0) {
      return;
    }
    this.push(entry);
  }

  private finishDrain(): void {
    const d = this.drained;
    this.drained = undefined;
    d?.();
  }

  private push(entry: QueueEntry<T>): void {
    this.queue.push(entry);
    if (this.waiters.length > 0) {
      (this.waiters.shift() as Waiter<T>).resolve({ item: this.take(), shutdown: false });
    }
  }

  private take(): T {
    const entry = this.queue.shift() as QueueEntry<T>;
    this.lastTaken = entry;
    let item: T;
    if (this.identity) {
      item = entry.key as T;
    } else {
      item = entry.value as T;
      entry.value = undefined;
    }
    entry.state = (entry.state & waitingBit) | processingBit;
    this.processing++;
    this.metrics?.get(entry.key);
    if (this.shuttingDown && this.queue.length === 0) {
      const waiters = this.waiters.splice(0);
      for (const w of waiters) {
        w.resolve(shutdownResult);
      }
    }
    return item;
  }
}
