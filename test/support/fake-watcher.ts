// A Watch<T> driven by the test (client-go's watch.FakeWatcher): push events, errors or an end of stream.
import type { Status } from '../../runtime/api/meta.js';
import type { Watch, WatchEvent, WatchEventType } from '../../runtime/api/watch-event.js';
import { Deque } from '../../runtime/cache/deque.js';
import { ApiError } from '../../runtime/errors/index.js';
import type { BatchedWatch } from '../../runtime/watch/watch-event-buffer.js';

type Entry<T> = { kind: 'event'; event: WatchEvent<T> } | { kind: 'error'; error: unknown } | { kind: 'end' };

/** Buffered fake watch. Events pushed after stop() or end() are dropped, as on a closed stream. */
export class FakeWatcher<T> implements Watch<T> {
  protected readonly buffer = new Deque<Entry<T>>();
  protected wake: (() => void) | undefined;
  protected stopped = false;
  private ended = false;
  /** How many times stop() was called. */
  stopCalls = 0;
  /** Events handed to the consumer so far. */
  delivered = 0;

  get isStopped(): boolean {
    return this.stopped;
  }

  /** True once the consumer stopped it or the producer ended it. */
  get isClosed(): boolean {
    return this.stopped || this.ended;
  }

  action(type: WatchEventType, object: T): void {
    this.push({ kind: 'event', event: { type, object } });
  }

  add(object: T): void {
    this.action('ADDED', object);
  }

  modify(object: T): void {
    this.action('MODIFIED', object);
  }

  delete(object: T): void {
    this.action('DELETED', object);
  }

  bookmark(object: T): void {
    this.action('BOOKMARK', object);
  }

  /** An ERROR event: the consumer's iteration throws the ApiError for `status`, and the stream ends. */
  error(status: Status): void {
    this.push({
      kind: 'error',
      error: new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', ...status }),
    });
  }

  /** Makes the iteration throw `err` (a decode error, a reset connection, ...). */
  fail(err: unknown): void {
    this.push({ kind: 'error', error: err });
  }

  /** The server closes the stream (EOF or timeout). */
  end(): void {
    this.push({ kind: 'end' });
  }

  stop(): void {
    this.stopCalls++;
    this.stopped = true;
    this.buffer.clear();
    this.flush();
  }

  private push(entry: Entry<T>): void {
    if (this.stopped || this.ended) {
      return;
    }
    if (entry.kind !== 'event') {
      this.ended = true;
    }
    this.buffer.push(entry);
    this.flush();
  }

  private flush(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return {
      next: async (): Promise<IteratorResult<WatchEvent<T>>> => {
        for (;;) {
          if (this.stopped) {
            return { done: true, value: undefined };
          }
          const entry = this.buffer.shift();
          if (entry !== undefined) {
            if (entry.kind === 'event') {
              this.delivered++;
              return { done: false, value: entry.event };
            }
            if (entry.kind === 'error') {
              throw entry.error;
            }
            return { done: true, value: undefined };
          }
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
        }
      },
      return: async (): Promise<IteratorResult<WatchEvent<T>>> => {
        this.stop();
        return { done: true, value: undefined };
      },
    };
  }
}

/**
 * A FakeWatcher that also hands over everything queued in one batch, as a watch over an HTTP body does (every event
 * a network chunk completed): the reflector then consumes through nextBatch() and unread().
 */
export class BatchedFakeWatcher<T> extends FakeWatcher<T> implements BatchedWatch<T> {
  /** Sizes of the batches handed over so far. */
  readonly batchSizes: number[] = [];
  private unreadEvents: WatchEvent<T>[] = [];

  async nextBatch(): Promise<readonly WatchEvent<T>[] | undefined> {
    for (;;) {
      if (this.stopped) {
        return undefined;
      }
      const events: WatchEvent<T>[] = this.unreadEvents;
      this.unreadEvents = [];
      for (let e = this.buffer.peek(); e?.kind === 'event'; e = this.buffer.peek()) {
        this.buffer.shift();
        events.push(e.event);
      }
      if (events.length > 0) {
        this.delivered += events.length;
        this.batchSizes.push(events.length);
        return events;
      }
      const entry = this.buffer.shift();
      if (entry?.kind === 'error') {
        throw entry.error;
      }
      if (entry?.kind === 'end') {
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  unread(events: readonly WatchEvent<T>[]): void {
    this.unreadEvents = [...events, ...this.unreadEvents];
    this.delivered -= events.length;
  }
}
