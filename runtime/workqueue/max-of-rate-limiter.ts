// Combines limiters: the longest delay and the largest requeue count win; forget reaches all of them.
import type { RateLimiter } from './rate-limiter.js';

/** client-go's MaxOfRateLimiter. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: readonly RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    let ret = 0;
    // Every limiter must see the failure, so none is skipped even after a large delay is found.
    for (const l of this.limiters) {
      ret = Math.max(ret, l.when(item));
    }
    return ret;
  }

  numRequeues(item: T): number {
    let ret = 0;
    for (const l of this.limiters) {
      ret = Math.max(ret, l.numRequeues(item));
    }
    return ret;
  }

  forget(item: T): void {
    for (const l of this.limiters) {
      l.forget(item);
    }
  }
}
