// The RateLimiter contract: how long an item waits before its next retry, per item.

/** Decides retry delays. `when` records a failure and returns the delay in ms; `forget` clears the item's history. */
export interface RateLimiter<T> {
  when(item: T): number;
  forget(item: T): void;
  numRequeues(item: T): number;
}

/** Options common to the per-item limiters. */
export interface ItemKeyOptions<T> {
  /** Identity of an item for failure counting. @default the item itself */
  keyOf?: (item: T) => unknown;
}
