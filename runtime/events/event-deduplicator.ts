// The second correlator stage: a repeat of a known event becomes a count increment sent as a patch.
import type { CoreEvent } from './core-event.js';
import { eventKey } from './event-aggregator.js';
import { LruCache } from './lru-cache.js';

interface EventLog {
  count: number;
  firstTimestamp: string | undefined;
  name: string;
  resourceVersion: string | undefined;
}

/** The strategic-merge patch client-go computes for a repeated event: the fields that change. */
export interface EventCountPatch {
  count: number;
  lastTimestamp?: string;
  message?: string;
}

/** client-go's eventLogger: remembers what was written under each key. */
export class EventDeduplicator {
  private readonly cache: LruCache<string, EventLog>;

  /** @param cacheSize entries kept. @default 4096 */
  constructor(cacheSize = 4096) {
    this.cache = new LruCache(cacheSize);
  }

  /** Returns the event (renamed and counted if seen before) and, for a repeat, the patch to send. */
  observe(event: CoreEvent, key: string): { event: CoreEvent; patch: EventCountPatch | undefined } {
    const last = this.cache.get(key);
    let out = event;
    let patch: EventCountPatch | undefined;
    if (last !== undefined && last.count > 0) {
      const metadata = { ...event.metadata, name: last.name };
      if (last.resourceVersion !== undefined) {
        metadata.resourceVersion = last.resourceVersion;
      } else {
        delete metadata.resourceVersion;
      }
      out = { ...event, metadata, count: last.count + 1 };
      if (last.firstTimestamp !== undefined) {
        out.firstTimestamp = last.firstTimestamp;
      }
      patch = { count: last.count + 1 };
      if (out.lastTimestamp !== undefined) {
        patch.lastTimestamp = out.lastTimestamp;
      }
      if (out.message !== undefined) {
        patch.message = out.message;
      }
    }
    this.cache.set(key, {
      count: out.count ?? 1,
      firstTimestamp: out.firstTimestamp,
      name: out.metadata.name ?? '',
      resourceVersion: out.metadata.resourceVersion,
    });
    return { event: out, patch };
  }

  /** Records what the server returned, so the next repeat patches the right object. */
  updateState(event: CoreEvent): void {
    this.cache.set(eventKey(event), {
      count: event.count ?? 1,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name ?? '',
      resourceVersion: event.metadata.resourceVersion,
    });
  }
}
