// One handler's notification buffer and delivery loop, so a slow handler delays only itself.
import type { DeletedFinalStateUnknown } from '../api/meta.js';
import { sleep } from '../util/abort.js';
import type { Clock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import { Deque } from './deque.js';
import type {
  BufferGauge,
  HandlerOptions,
  OverflowPolicy,
  ResourceEventHandler,
  ResourceEventHandlerRegistration,
} from './event-handler.js';
import { SyncTracker } from './sync-tracker.js';

/** A change to deliver to one handler. */
export type Notification<T> =
  | { readonly kind: 'add'; readonly obj: T; readonly isInInitialList: boolean }
  | { readonly kind: 'update'; readonly oldObj: T; readonly newObj: T }
  | { readonly kind: 'delete'; readonly obj: T | DeletedFinalStateUnknown<T> };

const crashPauseMs = 1000;

/**
 * client-go's processorListener: an unbounded (or bounded) buffer and one async delivery loop per handler. The
 * listener is the registration handle addEventHandler returns.
 */
export class ProcessorListener<T> implements ResourceEventHandlerRegistration {
  readonly requestedResyncPeriodMs: number;
  resyncPeriodMs: number;
  private nextResyncAt: number;
  private readonly buffer = new Deque<Notification<T>>();
  private readonly tracker = new SyncTracker();
  private readonly limit: number;
  private readonly overflow: OverflowPolicy;
  private readonly gauge: BufferGauge | undefined;
  readonly name: string;
  private started = false;
  private stopped = false;
  private draining = false;
  private pauseNext = false;
  private droppedCount = 0;
  private spaceWaiters: (() => void)[] = [];
  private readonly stopController = new AbortController();
  private resolveFinished!: () => void;
  /** Resolves once the listener is stopped and no handler call is in flight. */
  readonly runFinished: Promise<void> = new Promise((r) => {
    this.resolveFinished = r;
  });

  constructor(
    private readonly handler: ResourceEventHandler<T>,
    options: HandlerOptions & { requestedResyncPeriodMs: number; resyncPeriodMs: number },
    private readonly clock: Clock,
  ) {
    this.requestedResyncPeriodMs = options.requestedResyncPeriodMs;
    this.resyncPeriodMs = options.resyncPeriodMs;
    this.nextResyncAt = clock.now() + this.resyncPeriodMs;
    this.limit = options.bufferLimit ?? Number.POSITIVE_INFINITY;
    this.overflow = options.overflow ?? 'block';
    this.gauge = options.gauge;
    this.name = options.name ?? 'handler';
  }

  hasSynced(): boolean {
    return this.tracker.hasSynced();
  }

  get synced(): Promise<void> {
    return this.tracker.synced;
  }

  get pending(): number {
    return this.buffer.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The informer has synced: the handler is synced once its initial-list notifications are handled. */
  upstreamHasSynced(): void {
    this.tracker.upstreamHasSynced();
  }

  /**
   * Queues a notification. Returns a promise only under the `block` policy with a full buffer: the caller should
   * wait for room before queuing more.
   */
  add(n: Notification<T>): Promise<void> | undefined {
    if (this.stopped) {
      return undefined;
    }
    if (n.kind === 'add' && n.isInInitialList) {
      this.tracker.start();
    }
    if (this.buffer.length >= this.limit) {
      if (this.overflow === 'drop-newest') {
        this.drop(n);
        return undefined;
      }
      if (this.overflow === 'drop-oldest') {
        this.drop(this.buffer.shift() as Notification<T>);
      }
    }
    this.buffer.push(n);
    this.gauge?.set(this.buffer.length);
    this.schedule();
    if (this.overflow === 'block' && this.buffer.length >= this.limit) {
      return new Promise((resolve) => this.spaceWaiters.push(resolve));
    }
    return undefined;
  }

  private drop(n: Notification<T>): void {
    this.droppedCount++;
    if (n.kind === 'add' && n.isInInitialList) {
      this.tracker.finished();
    }
  }

  /** Starts delivering (the processor runs). */
  start(): void {
    this.started = true;
    this.schedule();
  }

  /** Stops delivering; queued notifications are dropped. runFinished resolves once no call is in flight. */
  stop(): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.buffer.clear();
    this.gauge?.set(0);
    this.stopController.abort();
    this.wakeSpaceWaiters();
    if (!this.draining) {
      this.resolveFinished();
    }
  }

  shouldResync(now: number): boolean {
    return this.resyncPeriodMs !== 0 && now >= this.nextResyncAt;
  }

  determineNextResync(now: number): void {
    this.nextResyncAt = now + this.resyncPeriodMs;
  }

  private schedule(): void {
    if (this.started && !this.stopped && !this.draining && this.buffer.length > 0) {
      this.draining = true;
      // Delivery starts after the current delta has been fully processed, as a separate goroutine would.
      queueMicrotask(() => void this.drain());
    }
  }

  private wakeSpaceWaiters(): void {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const w of waiters) {
      w();
    }
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped) {
        const n = this.buffer.shift();
        if (n === undefined) {
          break;
        }
        this.gauge?.set(this.buffer.length);
        if (this.spaceWaiters.length > 0 && this.buffer.length < this.limit) {
          this.wakeSpaceWaiters();
        }
        if (this.pauseNext) {
          try {
            await sleep(crashPauseMs, this.stopController.signal, this.clock);
          } catch {
            break;
          }
        }
        const r = this.deliver(n);
        this.pauseNext = typeof r === 'boolean' ? r : await r;
      }
    } finally {
      this.draining = false;
      if (this.stopped) {
        this.resolveFinished();
      } else {
        this.schedule();
      }
    }
  }

  // Returns true if the handler threw: like a recovered panic in client-go, the next call waits a second.
  // Synchronous handlers are called without an extra promise turn.
  private deliver(n: Notification<T>): boolean | Promise<boolean> {
    const h = this.handler as ResourceEventHandler<unknown>;
    let r: void | Promise<void>;
    try {
      if (n.kind === 'add') {
        r = h.onAdd?.(n.obj, n.isInInitialList);
      } else if (n.kind === 'update') {
        r = h.onUpdate?.(n.oldObj, n.newObj);
      } else {
        r = h.onDelete?.(n.obj);
      }
    } catch (err) {
      this.delivered(n);
      return this.crashed(n, err);
    }
    if (r instanceof Promise) {
      return r.then(
        () => {
          this.delivered(n);
          return false;
        },
        (err: unknown) => {
          this.delivered(n);
          return this.crashed(n, err);
        },
      );
    }
    this.delivered(n);
    return false;
  }

  private delivered(n: Notification<T>): void {
    if (n.kind === 'add' && n.isInInitialList) {
      this.tracker.finished();
    }
  }

  private crashed(n: Notification<T>, err: unknown): boolean {
    logger().error('Observed a panic in an event handler', { handler: this.name, event: n.kind, err });
    return true;
  }
}
