// The correlator: aggregate, deduplicate, then spam-filter each event before it is written.
import type { Clock } from '../util/clock.js';
import type { CoreEvent } from './core-event.js';
import { EventAggregator, type EventAggregatorOptions } from './event-aggregator.js';
import { type EventCountPatch, EventDeduplicator } from './event-deduplicator.js';
import { EventSourceObjectSpamFilter, type SpamFilterOptions } from './spam-filter.js';

/** What to do with an event: skip it, or write it (as a patch when `patch` is set). */
export type CorrelateResult = { skip: true } | { skip: false; event: CoreEvent; patch: EventCountPatch | undefined };

/** Options of {@link EventCorrelator}; every field has client-go's default. */
export interface EventCorrelatorOptions {
  clock: Clock;
  nameFor: EventAggregatorOptions['nameFor'];
  /** @default 10 */
  maxEvents?: number;
  /** @default 600 */
  maxIntervalSeconds?: number;
  /** @default 25 */
  spamBurst?: number;
  /** @default 1/300 */
  spamQps?: number;
  /** LRU size of each cache. @default 4096 */
  cacheSize?: number;
}

/** client-go's EventCorrelator. */
export class EventCorrelator {
  private readonly aggregator: EventAggregator;
  private readonly deduplicator: EventDeduplicator;
  private readonly spamFilter: EventSourceObjectSpamFilter;

  constructor(options: EventCorrelatorOptions) {
    const aggregatorOptions: EventAggregatorOptions = { clock: options.clock, nameFor: options.nameFor };
    if (options.maxEvents !== undefined) {
      aggregatorOptions.maxEvents = options.maxEvents;
    }
    if (options.maxIntervalSeconds !== undefined) {
      aggregatorOptions.maxIntervalSeconds = options.maxIntervalSeconds;
    }
    if (options.cacheSize !== undefined) {
      aggregatorOptions.cacheSize = options.cacheSize;
    }
    this.aggregator = new EventAggregator(aggregatorOptions);
    this.deduplicator = new EventDeduplicator(options.cacheSize);
    const spam: SpamFilterOptions = { clock: options.clock };
    if (options.spamBurst !== undefined) {
      spam.burst = options.spamBurst;
    }
    if (options.spamQps !== undefined) {
      spam.qps = options.spamQps;
    }
    if (options.cacheSize !== undefined) {
      spam.cacheSize = options.cacheSize;
    }
    this.spamFilter = new EventSourceObjectSpamFilter(spam);
  }

  correlate(event: CoreEvent): CorrelateResult {
    const aggregated = this.aggregator.aggregate(event);
    const observed = this.deduplicator.observe(aggregated.event, aggregated.key);
    if (this.spamFilter.filter(observed.event)) {
      return { skip: true };
    }
    return { skip: false, event: observed.event, patch: observed.patch };
  }

  /** Feeds back the event the server stored. */
  updateState(event: CoreEvent): void {
    this.deduplicator.updateState(event);
  }
}
