// The third correlator stage: a token bucket per source+object+type drops event floods.
import type { Clock } from '../util/clock.js';
import type { CoreEvent } from './core-event.js';
import { LruCache } from './lru-cache.js';

/** Options of {@link EventSourceObjectSpamFilter}. */
export interface SpamFilterOptions {
  clock: Clock;
  /** Bucket size. @default 25 */
  burst?: number;
  /** Tokens per second. @default 1/300 (one every five minutes) */
  qps?: number;
  /** Buckets kept. @default 4096 */
  cacheSize?: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

function spamKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [
    e.source?.component ?? '',
    e.source?.host ?? '',
    o.kind ?? '',
    o.namespace ?? '',
    o.name ?? '',
    o.uid ?? '',
    o.apiVersion ?? '',
    e.type ?? '',
  ].join('\0');
}

/** client-go's EventSourceObjectSpamFilter. */
export class EventSourceObjectSpamFilter {
  private readonly cache: LruCache<string, Bucket>;
  private readonly burst: number;
  private readonly qps: number;

  constructor(private readonly options: SpamFilterOptions) {
    this.cache = new LruCache(options.cacheSize ?? 4096);
    this.burst = options.burst ?? 25;
    this.qps = options.qps ?? 1 / 300;
  }

  /** True when the event must be dropped (its bucket is empty). */
  filter(event: CoreEvent): boolean {
    const now = this.options.clock.now();
    const key = spamKey(event);
    const b = this.cache.get(key) ?? { tokens: this.burst, last: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.last) / 1000) * this.qps);
    b.last = now;
    const accepted = b.tokens >= 1;
    if (accepted) {
      b.tokens -= 1;
    }
    this.cache.set(key, b);
    return !accepted;
  }
}
