// A Watch<T> driven by the test (client-go's watch.FakeWatcher): push events, errors or an end of stream.
import type { Status } from '../../runtime/api/meta.js';
import type { Watch, WatchEvent, WatchEventType } from '../../runtime/api/watch-event.js';
import { Deque } from '../../runtime/cache/deque.js';
import { ApiError } from '../../runtime/errors/index.js';

type Entry<T> = { kind: 'event'; event: WatchEvent<T> } | { kind: 'error'; error: unknown } | { kind: 'end' };

/** Buffered fake watch. Events pushed after stop() or end() are dropped, as on a closed stream. */
export class FakeWatcher<T> implements Watch<T> {
  private readonly buffer = new Deque<Entry<T>>();
  private wake: (() => void) | undefined;
  private stopped = false;
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
