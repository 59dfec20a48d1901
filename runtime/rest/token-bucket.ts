// Client-side QPS/Burst limiting (client-go's default token bucket), on an injected clock.
import { sleep } from '../util/abort.js';
import { type Clock, realClock } from '../util/clock.js';

/** A token bucket; `wait()` takes one token, sleeping until one is available. Negative qps disables limiting. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  async wait(signal?: AbortSignal): Promise<void> {
    if (this.qps < 0) {
      return;
    }
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens < 0) {
      // The token is reserved now; the caller waits until it would have accrued.
      await sleep((-this.tokens / this.qps) * 1000, signal, this.clock);
    }
  }
}
