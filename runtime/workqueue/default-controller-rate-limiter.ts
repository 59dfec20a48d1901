// The limiter controllers use unless told otherwise: per-item exponential backoff bounded by an overall bucket.
import type { Clock } from '../util/clock.js';
import { BucketRateLimiter } from './bucket-rate-limiter.js';
import { ItemExponentialFailureRateLimiter } from './item-exponential-failure-rate-limiter.js';
import { MaxOfRateLimiter } from './max-of-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

/** Options of {@link defaultControllerRateLimiter}. */
export interface DefaultControllerRateLimiterOptions<T> {
  /** Identity of an item for failure counting. @default the item itself */
  keyOf?: (item: T) => unknown;
  /** Clock of the bucket. @default realClock */
  clock?: Clock;
}

/** MaxOf(ItemExponentialFailure(5 ms, 1000 s), Bucket(10 qps, burst 100)), as client-go. */
export function defaultControllerRateLimiter<T>(options: DefaultControllerRateLimiterOptions<T> = {}): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialFailureRateLimiter<T>({
      baseDelayMs: 5,
      maxDelayMs: 1_000_000,
      ...(options.keyOf ? { keyOf: options.keyOf } : {}),
    }),
    new BucketRateLimiter<T>({ qps: 10, burst: 100, ...(options.clock ? { clock: options.clock } : {}) }),
  );
}
