// Decides whether a watch that failed with an InternalError may be retried at once, within a time window.
import type { Clock } from '../util/clock.js';

/**
 * Retries errors of one class for up to `maxRetryMs` after the first; an error-free gap of `minResetMs` starts a new
 * window. `maxRetryMs` of 0 disables retries (client-go's RetryWithDeadline).
 */
export class RetryWithDeadline {
  private firstErrorAt: number | undefined;
  private lastErrorAt: number | undefined;

  constructor(
    private readonly maxRetryMs: number,
    private readonly minResetMs: number,
    private readonly isRetryable: (err: unknown) => boolean,
    private readonly clock: Clock,
  ) {}

  /** Records the outcome of an attempt (`undefined` for success). */
  after(err: unknown): void {
    if (err === undefined || !this.isRetryable(err)) {
      return;
    }
    const now = this.clock.now();
    if (this.lastErrorAt === undefined || now - this.lastErrorAt >= this.minResetMs) {
      this.firstErrorAt = undefined;
    }
    if (this.firstErrorAt === undefined) {
      this.firstErrorAt = now;
    }
    this.lastErrorAt = now;
  }

  shouldRetry(): boolean {
    if (this.maxRetryMs <= 0) {
      return false;
    }
    if (this.firstErrorAt !== undefined && this.clock.now() - this.firstErrorAt <= this.maxRetryMs) {
      return true;
    }
    this.firstErrorAt = undefined;
    this.lastErrorAt = undefined;
    return false;
  }
}
