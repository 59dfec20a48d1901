// The typed workqueue: a FIFO with dirty and processing sets, so an item is never handled by two workers at once.
import { type MetricsProvider, metricsProvider } from '../metrics/metrics-provider.js';
import { abortReason, onAbort, throwIfAborted } from '../util/abort.js';
import { type Clock, realClock } from '../util/clock.js';
import { QueueMetrics } from './queue-metrics.js';

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

// Per-key state bits, kept in one Map so that a cycle costs few hash lookups.
const dirtyBit = 1;
const processingBit = 2;

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
  // The FIFO holds keys; `values` maps a key to the latest value added under it (only with a custom keyOf).
  private queue: unknown[] = [];
  private head = 0;
  private readonly states = new Map<unknown, number>();
  private readonly values = new Map<unknown, T>();
  private processing = 0;
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
    const key = this.identity ? item : this.keyOf(item);
    const state = this.states.get(key) ?? 0;
    if (!this.identity) {
      // Keep the newest value for the key: while the item waits, an update costs nothing extra.
      this.values.set(key, item);
    }
    if ((state & dirtyBit) !== 0) {
      return;
    }
    this.metrics?.add(key);
    this.states.set(key, state | dirtyBit);
    if ((state & processingBit) !== 0) {
      return;
    }
    this.push(key);
  }

  /** Number of items waiting to be processed. */
  len(): number {
    return this.queue.length - this.head;
  }

  /** The next item without waiting, or undefined when none is queued (the synchronous fast path). */
  tryGet(): T | undefined {
    if (this.head === this.queue.length) {
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
    if (this.head < this.queue.length) {
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
    const state = this.states.get(key);
    if (state === undefined || (state & processingBit) === 0) {
      // Not handed out (or already done): nothing to release.
      return;
    }
    this.metrics?.done(key);
    this.processing--;
    if ((state & dirtyBit) !== 0) {
      this.states.set(key, dirtyBit);
      this.push(key);
    } else {
      this.states.delete(key);
      if (this.processing === 0 && this.drained !== undefined) {
        this.finishDrain();
      }
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
    if (this.head === this.queue.length) {
      const waiters = this.waiters.splice(0);
      for (const w of waiters) {
        w.resolve(shutdownResult);
      }
    }
  }

  /** Hook for subclasses that own timers. */
  protected onShutdown(): void {}

  private finishDrain(): void {
    const d = this.drained;
    this.drained = undefined;
    d?.();
  }

  private push(key: unknown): void {
    this.queue.push(key);
    if (this.waiters.length > 0) {
      (this.waiters.shift() as Waiter<T>).resolve({ item: this.take(), shutdown: false });
    }
  }

  private take(): T {
    const key = this.queue[this.head];
    this.queue[this.head] = undefined;
    this.head++;
    // Compact once the consumed prefix dominates, keeping shift() out of the hot path.
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    let item: T;
    if (this.identity) {
      item = key as T;
    } else {
      item = this.values.get(key) as T;
      this.values.delete(key);
    }
    this.states.set(key, processingBit);
    this.processing++;
    this.metrics?.get(key);
    if (this.shuttingDown && this.head === this.queue.length) {
      const waiters = this.waiters.splice(0);
      for (const w of waiters) {
        w.resolve(shutdownResult);
      }
    }
    return item;
  }
}
