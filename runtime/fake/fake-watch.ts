// An in-memory Watch: the producer pushes events, ends or fails it; the consumer iterates or stops it.
import type { Watch, WatchEvent } from '../api/watch-event.js';

type Item<T> = { kind: 'event'; event: WatchEvent<T> } | { kind: 'error'; error: unknown } | { kind: 'end' };

/**
 * A {@link Watch} fed by code (the ObjectTracker, or a test's watch reactor). Events are buffered without bound
 * until iterated; `error()` makes the iteration throw after the buffered events, like an ERROR event on the wire;
 * `end()` ends it like a server closing the stream; `stop()` is the consumer's side and drops what is buffered.
 */
export class FakeWatch<T> implements Watch<T> {
  private readonly buffer: Item<T>[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private stopped = false;
  private readonly onStop: (() => void)[] = [];

  /** Queues an event; ignored once the watch ended or stopped. */
  add(event: WatchEvent<T>): void {
    this.push({ kind: 'event', event });
  }

  /** Ends the stream with `error` after the buffered events. */
  error(error: unknown): void {
    this.push({ kind: 'error', error });
    this.closed = true;
  }

  /** Ends the stream normally after the buffered events. */
  end(): void {
    this.push({ kind: 'end' });
    this.closed = true;
  }

  /** True once the watch ended, failed or was stopped: the producer should drop it. */
  get done(): boolean {
    return this.closed || this.stopped;
  }

  /** Registers a callback run once when the watch stops or its consumer finishes iterating. */
  onStopped(fn: () => void): void {
    if (this.stopped) {
      fn();
    } else {
      this.onStop.push(fn);
    }
  }

  stop(): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.buffer.length = 0;
    this.wake?.();
    for (const fn of this.onStop.splice(0)) {
      fn();
    }
  }

  /** Number of events queued and not yet consumed. */
  pending(): number {
    return this.buffer.length;
  }

  private push(item: Item<T>): void {
    if (this.done) {
      return;
    }
    this.buffer.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
    try {
      for (;;) {
        if (this.stopped) {
          return;
        }
        const item = this.buffer.shift();
        if (item === undefined) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = undefined;
          continue;
        }
        if (item.kind === 'end') {
          return;
        }
        if (item.kind === 'error') {
          throw item.error;
        }
        yield item.event;
      }
    } finally {
      this.stop();
    }
  }
}
