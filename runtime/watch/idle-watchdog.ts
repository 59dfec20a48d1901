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
 * Fires `onIdle` once when the stream has been read for `timeoutMs` without a chunk. Time while reading is
 * paused (the consumer is behind) does not count: only waiting for the network does. One timer is kept and re-armed
 * lazily, so a busy stream costs no timer per chunk.
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

  /** Marks the start (or continuation) of a wait for the next chunk. */
  waiting(): void {
    if (this.fired) {
      return;
    }
    this.waitingSince = this.clock.now();
    if (this.timer === undefined) {
      this.schedule(this.timeoutMs);
    }
  }

  /** Marks that a chunk arrived, or that reading paused. */
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
