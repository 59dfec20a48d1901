// Decoded watch events waiting for their consumer: handed over one at a time (async iteration) or all at once.
import type { Watch, WatchEvent } from '../api/watch-event.js';

/**
 * A watch iterator that can also hand over every event decoded so far in one call, so a consumer such as the
 * reflector pays one promise per network chunk instead of one per event.
 */
export interface BatchedWatchIterator<T> extends AsyncIterableIterator<WatchEvent<T>> {
  /**
   * Resolves with the events decoded so far (at least one), or undefined once the stream has ended; rejects with
   * the error that ended the stream, after every event decoded before it was handed over. Don't interleave with
   * next() calls that are still pending.
   */
  nextBatch(): Promise<readonly WatchEvent<T>[] | undefined>;
  /** Puts events taken by nextBatch() but not consumed back in front of the queue, for the next consumer. */
  unread(events: readonly WatchEvent<T>[]): void;
}

/** A {@link Watch} whose events can be taken in batches. */
export interface BatchedWatch<T> extends Watch<T> {
  nextBatch(): Promise<readonly WatchEvent<T>[] | undefined>;
  unread(events: readonly WatchEvent<T>[]): void;
}

/** True if `w` offers {@link BatchedWatch.nextBatch}. */
export function isBatchedWatch<T>(w: Watch<T>): w is BatchedWatch<T> {
  return typeof (w as Partial<BatchedWatch<T>>).nextBatch === 'function';
}

/**
 * Default bound on decoded but unconsumed watch lines. A producer pauses its socket past it; about 500 Pods, so a
 * consumer that falls behind holds a few MiB of events, never the whole stream.
 */
export const defaultWatchBufferBytes = 4 * 1024 * 1024;

/** Options of {@link WatchEventBuffer}. */
export interface WatchEventBufferOptions {
  /** The consumer is waiting and nothing is buffered: read (or resume reading) the stream. @default none */
  onDemand?: () => void;
  /** The consumer closed the buffer (return(), or stop() of the watch it backs). Called once. @default none */
  onClose?: () => void;
  /** wantsMore() turns false once this many line bytes are buffered. @default defaultWatchBufferBytes */
  highWaterBytes?: number;
}

type Waiter<T> =
  | {
      readonly batch: false;
      resolve: (r: IteratorResult<WatchEvent<T>>) => void;
      reject: (err: unknown) => void;
    }
  | {
      readonly batch: true;
      resolve: (r: readonly WatchEvent<T>[] | undefined) => void;
      reject: (err: unknown) => void;
    };

const doneResult: IteratorResult<never> = Object.freeze({ done: true, value: undefined });

/**
 * The hand-over point between a synchronous producer (a decoder fed by socket chunks) and an async consumer. The
 * producer push()es events and flush()es once per chunk; a waiting consumer is woken once per flush. The stream's
 * end or error is delivered after every event queued before it.
 */
export class WatchEventBuffer<T> implements BatchedWatchIterator<T> {
  private queue: WatchEvent<T>[] = [];
  private head = 0;
  private bytes = 0;
  private waiter: Waiter<T> | undefined;
  private ended = false;
  private error: { readonly err: unknown } | undefined;
  private closed = false;
  private readonly highWater: number;
  private readonly onDemand: (() => void) | undefined;
  private readonly onClose: (() => void) | undefined;

  constructor(options: WatchEventBufferOptions = {}) {
    this.highWater = options.highWaterBytes ?? defaultWatchBufferBytes;
    this.onDemand = options.onDemand;
    this.onClose = options.onClose;
  }

  /** True while the producer should keep reading: not ended, not closed, and under the byte bound. */
  wantsMore(): boolean {
    return !this.ended && !this.closed && this.bytes < this.highWater;
  }

  /** True while a consumer call is waiting for events. */
  get waiting(): boolean {
    return this.waiter !== undefined;
  }

  /** Queues one event (`bytes`: its line length, counted against the bound). Ignored once ended or closed. */
  push(event: WatchEvent<T>, bytes: number): void {
    if (this.ended || this.closed) {
      return;
    }
    this.queue.push(event);
    this.bytes += bytes;
  }

  /** Wakes a waiting consumer if anything is queued; call after each chunk. */
  flush(): void {
    if (this.waiter !== undefined && this.head < this.queue.length) {
      const w = this.waiter;
      this.waiter = undefined;
      this.serve(w);
    }
  }

  /** The stream ended normally: the consumer finishes after the queued events. */
  end(): void {
    this.finish(undefined);
  }

  /** The stream failed: the consumer gets `err` after the queued events. */
  fail(err: unknown): void {
    this.finish({ err });
  }

  private finish(error: { readonly err: unknown } | undefined): void {
    if (this.ended || this.closed) {
      return;
    }
    this.ended = true;
    this.error = error;
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      this.serve(w);
    }
  }

  /** Ends consumption: queued events are dropped and a waiting call sees the end. Idempotent. */
  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
    const w = this.waiter;
    this.waiter = undefined;
    if (w !== undefined) {
      if (w.batch) {
        w.resolve(undefined);
      } else {
        w.resolve(doneResult);
      }
    }
    this.onClose?.();
  }

  next(): Promise<IteratorResult<WatchEvent<T>>> {
    if (this.head < this.queue.length) {
      return Promise.resolve({ done: false, value: this.take() });
    }
    return new Promise((resolve, reject) => this.wait({ batch: false, resolve, reject }));
  }

  nextBatch(): Promise<readonly WatchEvent<T>[] | undefined> {
    if (this.head < this.queue.length) {
      return Promise.resolve(this.takeAll());
    }
    return new Promise((resolve, reject) => this.wait({ batch: true, resolve, reject }));
  }

  unread(events: readonly WatchEvent<T>[]): void {
    if (this.closed || events.length === 0) {
      return;
    }
    this.queue = [...events, ...this.queue.slice(this.head)];
    this.head = 0;
  }

  return(): Promise<IteratorResult<WatchEvent<T>>> {
    this.close();
    return Promise.resolve(doneResult);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private wait(w: Waiter<T>): void {
    if (this.closed || this.ended) {
      this.serve(w);
      return;
    }
    this.waiter = w;
    this.onDemand?.();
  }

  // Hands `w` what it asked for: queued events first, then the end or the error (once), then done.
  private serve(w: Waiter<T>): void {
    if (this.head < this.queue.length) {
      if (w.batch) {
        w.resolve(this.takeAll());
      } else {
        w.resolve({ done: false, value: this.take() });
      }
      return;
    }
    const error = this.error;
    if (error !== undefined) {
      this.error = undefined;
      w.reject(error.err);
    } else if (w.batch) {
      w.resolve(undefined);
    } else {
      w.resolve(doneResult);
    }
  }

  private take(): WatchEvent<T> {
    const ev = this.queue[this.head] as WatchEvent<T>;
    this.head++;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.bytes = 0;
    }
    return ev;
  }

  private takeAll(): WatchEvent<T>[] {
    const out = this.head === 0 ? this.queue : this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    this.bytes = 0;
    return out;
  }
}
