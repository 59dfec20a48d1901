// The events.k8s.io/v1 broadcaster: isomorphic events become an EventSeries, refreshed every 30 min, finished after 6.
import { ApiError, isNotFound } from '../errors/api-error.js';
import { toMicroTime } from '../leaderelection/leader-election-record.js';
import { type Clock, mathRandom, type Random, realClock, type TimerHandle } from '../util/clock.js';
import { logger } from '../util/logger.js';
import type { ObjectReference } from './core-event.js';
import type { EventsV1Event } from './events-v1-event.js';
import { SeriesEventRecorder } from './series-event-recorder.js';
import type { SeriesEventSink } from './series-event-sink.js';
import { writeWithRetries } from './write-with-retries.js';

/** Options of {@link SeriesEventBroadcaster}. */
export interface SeriesEventBroadcasterOptions {
  sink: SeriesEventSink;
  /** A series with no new occurrence for this long is written a last time and forgotten. @default 360_000 (6 min) */
  finishTimeMs?: number;
  /** Open series are re-written this often so they do not expire on the server. @default 1_800_000 (30 min) */
  refreshTimeMs?: number;
  /** @default 12 */
  maxTries?: number;
  /** @default 10_000 */
  retryIntervalMs?: number;
  /** @default realClock */
  clock?: Clock;
  /** @default Math.random */
  random?: Random;
}

interface Cached {
  event: EventsV1Event;
  lastObserved: number;
  observedAt: number;
}

function refKey(r: ObjectReference | undefined): string {
  return r === undefined
    ? ''
    : [r.kind, r.namespace, r.name, r.uid, r.apiVersion, r.resourceVersion, r.fieldPath].join('\0');
}

function isomorphicKey(e: EventsV1Event): string {
  return [e.action ?? '', e.reason ?? '', e.reportingController ?? '', refKey(e.regarding), refKey(e.related)].join(
    '\u0001',
  );
}

/** client-go's events.EventBroadcaster. Call {@link SeriesEventBroadcaster.shutDown} to stop its timers. */
export class SeriesEventBroadcaster {
  private readonly cache = new Map<string, Cached>();
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly finishTimeMs: number;
  private readonly refreshTimeMs: number;
  private readonly abort = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  private readonly timers: TimerHandle[] = [];
  private seq = 0;

  constructor(private readonly options: SeriesEventBroadcasterOptions) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? mathRandom;
    this.finishTimeMs = options.finishTimeMs ?? 360_000;
    this.refreshTimeMs = options.refreshTimeMs ?? 1_800_000;
    this.every(this.finishTimeMs, () => this.finishSeries());
    this.every(this.refreshTimeMs, () => this.refreshSeries());
  }

  /** A recorder for `reportingController` running as `reportingInstance`. */
  newRecorder(reportingController: string, reportingInstance: string): SeriesEventRecorder {
    return new SeriesEventRecorder({ broadcaster: this, reportingController, reportingInstance, clock: this.clock });
  }

  /** Records an event: the first of its kind is created; repeats turn it into a series. */
  record(event: EventsV1Event): void {
    if (this.abort.signal.aborted) {
      return;
    }
    const key = isomorphicKey(event);
    const now = this.clock.now();
    const cached = this.cache.get(key);
    let toWrite: EventsV1Event | undefined;
    if (cached === undefined) {
      this.cache.set(key, { event, lastObserved: now, observedAt: now });
      toWrite = event;
    } else if (cached.event.series !== undefined) {
      // An open series only counts; the periodic refresh writes the count.
      cached.event.series = { count: cached.event.series.count + 1, lastObservedTime: toMicroTime(now) };
      cached.lastObserved = now;
    } else {
      cached.event.series = { count: 2, lastObservedTime: toMicroTime(now) };
      cached.lastObserved = now;
      toWrite = structuredCloneEvent(cached.event);
    }
    if (toWrite !== undefined) {
      this.track(this.attemptRecording(toWrite));
    }
  }

  /** Resolves when every write started so far has finished. */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) {
      await Promise.all([...this.inflight]);
    }
  }

  /** Stops the timers and abandons retries. */
  shutDown(): void {
    this.abort.abort(new DOMException('event broadcaster stopped', 'AbortError'));
    for (const t of this.timers) {
      this.clock.clearTimeout(t);
    }
  }

  /** `<object>.<hex nanoseconds>` with a counter in the sub-millisecond digits. */
  eventName(name: string, now: number): string {
    return `${name}.${(BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16)}`;
  }

  /** Number of events remembered for series aggregation. */
  cachedEvents(): number {
    return this.cache.size;
  }

  private every(ms: number, fn: () => void): void {
    const tick = (): void => {
      if (this.abort.signal.aborted) {
        return;
      }
      fn();
      this.timers.push(this.clock.setTimeout(tick, ms));
    };
    this.timers.push(this.clock.setTimeout(tick, ms));
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private attemptRecording(event: EventsV1Event): Promise<void> {
    return writeWithRetries(
      async () => (await this.recordEvent(event)).done,
      {
        clock: this.clock,
        random: this.random,
        ...(this.options.maxTries !== undefined ? { maxTries: this.options.maxTries } : {}),
        ...(this.options.retryIntervalMs !== undefined ? { retryIntervalMs: this.options.retryIntervalMs } : {}),
      },
      event.metadata.name ?? '',
      this.abort.signal,
    );
  }

  // done = written or not retryable; stored = what the server returned when written.
  private async recordEvent(event: EventsV1Event): Promise<{ done: boolean; stored?: EventsV1Event }> {
    const sink = this.options.sink;
    const signal = this.abort.signal;
    try {
      if (event.series !== undefined) {
        try {
          return { done: true, stored: await sink.patch(event, { series: event.series }, signal) };
        } catch (err) {
          if (!isNotFound(err)) {
            throw err;
          }
        }
      }
      const metadata = { ...event.metadata };
      delete metadata.resourceVersion;
      return { done: true, stored: await sink.create({ ...event, metadata }, signal) };
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.reason !== 'AlreadyExists') {
          logger().error('server rejected event (will not retry)', { event: event.metadata.name, error: err });
        }
        return { done: true };
      }
      return { done: signal.aborted };
    }
  }

  private finishSeries(): void {
    const now = this.clock.now();
    for (const [key, c] of this.cache) {
      if (c.event.series !== undefined) {
        if (c.lastObserved + this.finishTimeMs <= now) {
          // The series is over: write its final count, then forget it so a new occurrence starts afresh.
          this.track(
            this.recordEvent(structuredCloneEvent(c.event)).then((r) => {
              if (r.done) {
                this.cache.delete(key);
              }
            }),
          );
        }
      } else if (c.observedAt + this.finishTimeMs <= now) {
        this.cache.delete(key);
      }
    }
  }

  private refreshSeries(): void {
    for (const c of this.cache.values()) {
      if (c.event.series !== undefined) {
        this.track(this.recordEvent(structuredCloneEvent(c.event)).then(() => {}));
      }
    }
  }
}

function structuredCloneEvent(e: EventsV1Event): EventsV1Event {
  const out: EventsV1Event = { ...e, metadata: { ...e.metadata } };
  if (e.series !== undefined) {
    out.series = { ...e.series };
  }
  return out;
}
