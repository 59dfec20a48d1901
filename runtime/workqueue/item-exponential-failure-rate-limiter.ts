// Per-item exponential backoff: base·2^failures, capped at a maximum.
import type { ItemKeyOptions, RateLimiter } from './rate-limiter.js';

/** Options of {@link ItemExponentialFailureRateLimiter}. */
export interface ItemExponentialFailureRateLimiterOptions<T> extends ItemKeyOptions<T> {
  /** Delay after the first failure. @default 5 */
  baseDelayMs?: number;
  /** Largest delay returned. @default 1_000_000 (1000 s) */
  maxDelayMs?: number;
}

/** client-go's ItemExponentialFailureRateLimiter. */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<unknown, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly keyOf: (item: T) => unknown;

  constructor(options: ItemExponentialFailureRateLimiterOptions<T> = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 1_000_000;
    this.keyOf = options.keyOf ?? ((item: T) => item);
  }

  when(item: T): number {
    const key = this.keyOf(item);
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    // A huge exponent overflows to Infinity; that too is capped.
    return Number.isFinite(backoff) && backoff <= this.maxDelayMs ? backoff : this.maxDelayMs;
  }

  numRequeues(item: T): number {
    return this.failures.get(this.keyOf(item)) ?? 0;
  }

  forget(item: T): void {
    this.failures.delete(this.keyOf(item));
  }
}
