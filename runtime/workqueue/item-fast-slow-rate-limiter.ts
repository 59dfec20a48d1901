// Per-item two-speed retries: a fast delay for the first attempts, then a slow one.
import type { ItemKeyOptions, RateLimiter } from './rate-limiter.js';

/** Options of {@link ItemFastSlowRateLimiter}. */
export interface ItemFastSlowRateLimiterOptions<T> extends ItemKeyOptions<T> {
  fastDelayMs: number;
  slowDelayMs: number;
  /** Number of attempts that get the fast delay. */
  maxFastAttempts: number;
}

/** client-go's ItemFastSlowRateLimiter. */
export class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<unknown, number>();
  private readonly keyOf: (item: T) => unknown;

  constructor(private readonly options: ItemFastSlowRateLimiterOptions<T>) {
    this.keyOf = options.keyOf ?? ((item: T) => item);
  }

  when(item: T): number {
    const key = this.keyOf(item);
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    return n <= this.options.maxFastAttempts ? this.options.fastDelayMs : this.options.slowDelayMs;
  }

  numRequeues(item: T): number {
    return this.failures.get(this.keyOf(item)) ?? 0;
  }

  forget(item: T): void {
    this.failures.delete(this.keyOf(item));
  }
}
