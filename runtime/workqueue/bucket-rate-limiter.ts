// An overall token bucket (golang.org/x/time/rate semantics): each call reserves a token, waiting if none is left.
import { type Clock, realClock } from '../util/clock.js';
import type { RateLimiter } from './rate-limiter.js';

/** Options of {@link BucketRateLimiter}. */
export interface BucketRateLimiterOptions {
  /** Tokens added per second. @default 10 */
  qps?: number;
  /** Bucket size (and initial tokens). @default 100 */
  burst?: number;
  /** @default realClock */
  clock?: Clock;
}

/**
 * client-go's BucketRateLimiter. Every `when` consumes a token; once the bucket is empty the token count goes
 * negative and the returned delay is the time until that reservation is covered. It has no per-item state.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor(options: BucketRateLimiterOptions = {}) {
    this.qps = options.qps ?? 10;
    this.burst = options.burst ?? 100;
    this.clock = options.clock ?? realClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  when(_item: T): number {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  numRequeues(_item: T): number {
    return 0;
  }

  forget(_item: T): void {}
}
