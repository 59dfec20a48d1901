// The rate-limiting workqueue: a delaying queue whose retries are spaced by a RateLimiter.
import { defaultControllerRateLimiter } from './default-controller-rate-limiter.js';
import { DelayingQueue } from './delaying-queue.js';
import type { WorkQueueOptions } from './queue.js';
import type { RateLimiter } from './rate-limiter.js';

/** Options of {@link RateLimitingQueue}. */
export interface RateLimitingQueueOptions<T> extends WorkQueueOptions<T> {
  /** Spacing of retries. @default defaultControllerRateLimiter with this queue's keyOf and clock */
  rateLimiter?: RateLimiter<T>;
}

/** client-go's RateLimitingInterface. */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  readonly rateLimiter: RateLimiter<T>;

  constructor(options: RateLimitingQueueOptions<T> = {}) {
    super(options);
    this.rateLimiter =
      options.rateLimiter ??
      defaultControllerRateLimiter<T>({
        ...(options.keyOf ? { keyOf: options.keyOf } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      });
  }

  /** Adds the item after the delay its rate limiter chooses (which also counts the failure). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Clears the item's failure history; call it when the item was processed successfully. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  /** How many times the item has been rate-limited since it was last forgotten. */
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
