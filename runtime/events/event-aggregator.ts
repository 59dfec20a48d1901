// The first correlator stage: many distinct messages for one object/reason within a window become one event.
import type { Clock } from '../util/clock.js';
import { type CoreEvent, toTime } from './core-event.js';
import { LruCache } from './lru-cache.js';

/** The prefix of an aggregated event's message, as client-go. */
export const combinedMessagePrefix = '(combined from similar events): ';

/** Options of {@link EventAggregator}. */
export interface EventAggregatorOptions {
  clock: Clock;
  /** Distinct messages within the window that trigger aggregation. @default 10 */
  maxEvents?: number;
  /** The window, in seconds. @default 600 */
  maxIntervalSeconds?: number;
  /** Entries kept. @default 4096 */
  cacheSize?: number;
  /** Names aggregated events; the default is `<object>.<hex nanoseconds>`. */
  nameFor: (event: CoreEvent, now: number) => string;
}

interface AggregateRecord {
  localKeys: Set<string>;
  lastTimestamp: number;
}

/** The key identifying an event exactly, message included (client-go's getEventKey). */
export function eventKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return [
    e.source?.component ?? '',
    e.source?.host ?? '',
    o.kind ?? '',
    o.namespace ?? '',
    o.name ?? '',
    o.fieldPath ?? '',
    o.uid ?? '',
    o.apiVersion ?? '',
    e.type ?? '',
    e.reason ?? '',
    e.message ?? '',
  ].join('\0');
}

function aggregateKeyOf(e: CoreEvent): string {
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
    e.reason ?? '',
    e.reportingComponent ?? '',
    e.reportingInstance ?? '',
  ].join('\0');
}

/** client-go's EventAggregator with EventAggregatorByReasonFunc. */
export class EventAggregator {
  private readonly cache: LruCache<string, AggregateRecord>;
  private readonly maxEvents: number;
  private readonly maxIntervalMs: number;

  constructor(private readonly options: EventAggregatorOptions) {
    this.cache = new LruCache(options.cacheSize ?? 4096);
    this.maxEvents = options.maxEvents ?? 10;
    this.maxIntervalMs = (options.maxIntervalSeconds ?? 600) * 1000;
  }

  /** Returns the event to record and the key the deduplicator should use for it. */
  aggregate(event: CoreEvent): { event: CoreEvent; key: string } {
    const now = this.options.clock.now();
    const aggregateKey = aggregateKeyOf(event);
    let record = this.cache.get(aggregateKey);
    if (record === undefined || now - record.lastTimestamp > this.maxIntervalMs) {
      record = { localKeys: new Set(), lastTimestamp: now };
    }
    record.localKeys.add(event.message ?? '');
    record.lastTimestamp = now;
    this.cache.set(aggregateKey, record);
    if (record.localKeys.size < this.maxEvents) {
      return { event, key: eventKey(event) };
    }
    // Drop one message so the set stays at the threshold instead of growing without bound.
    const first = record.localKeys.values().next();
    if (!first.done) {
      record.localKeys.delete(first.value);
    }
    const ts = toTime(now);
    const combined: CoreEvent = {
      metadata: { name: this.options.nameFor(event, now), namespace: event.metadata.namespace ?? 'default' },
      involvedObject: event.involvedObject,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      message: combinedMessagePrefix + (event.message ?? ''),
    };
    if (event.type !== undefined) {
      combined.type = event.type;
    }
    if (event.reason !== undefined) {
      combined.reason = event.reason;
    }
    if (event.source !== undefined) {
      combined.source = event.source;
    }
    return { event: combined, key: aggregateKey };
  }
}
