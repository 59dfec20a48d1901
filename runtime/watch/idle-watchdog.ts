// Ends a watch on which no byte arrived for a while: a half-open TCP connection would otherwise hang it forever.
import { NetworkError } from '../errors/network-error.js';
import type { Clock, TimerHandle } from '../util/clock.js';

/**
 * Default idle limit when bookmarks are requested. kube-apiserver 1.35 sends a bookmark on a quiet watch about
 * every 60 s, but the first one only after about 120 s (measured on envtest), so a shorter limit would end every
 * quiet watch; 180 s leaves room for a loaded server and still bounds a dead connection far below the watch timeout.
 */
export const defaultWatchIdleTimeoutMs = 180_000;

/**
 * Fires `onIdle` once when the stream has been waited on for `timeoutMs` without a chunk. Time the consumer
 * spends between pulls does not count: only waiting for the network does. One timer is kept and re-armed lazily,
 * so a busy stream costs no timer per chunk.
 */
export class IdleWatchdog {
  private waitingSince: number | undefined;
  private timer: TimerHandle | undefined;
  private fired = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly onIdle: () => void,
  ) {}

  /** Marks the start of a wait for the next chunk. */
  waiting(): void {
    if (this.fired) {
      return;
    }
    this.waitingSince = this.clock.now();
    if (this.timer === undefined) {
      this.schedule(this.timeoutMs);
    }
  }

  /** Marks that a chunk arrived (or the stream ended). */
  received(): void {
    this.waitingSince = undefined;
  }

  stop(): void {
    this.fired = true;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.timer = undefined;
    if (this.fired || this.waitingSince === undefined) {
      return;
    }
    const idle = this.clock.now() - this.waitingSince;
    if (idle >= this.timeoutMs) {
      this.fired = true;
      this.onIdle();
    } else {
      this.schedule(this.timeoutMs - idle);
    }
  }
}

/** The error a watch ends with when its watchdog fires. */
export function watchIdleError(path: string, timeoutMs: number): NetworkError {
  return new NetworkError(
    'timeout',
    `watch ${path}: no data arrived for ${timeoutMs} ms; the connection is presumed dead`,
  );
}

/** Passes chunks through, telling the watchdog when the consumer is waiting on the network. */
export async function* watchedChunks(source: AsyncIterable<Uint8Array>, dog: IdleWatchdog): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      dog.waiting();
      const r = await it.next();
      dog.received();
      if (r.done === true) {
        return;
      }
      yield r.value;
    }
  } finally {
    dog.stop();
    await it.return?.();
  }
}
