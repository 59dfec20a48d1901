// The event broadcaster: recorders feed it, bounded per-watcher queues drop when full, watchers write to sinks.
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import type { CoreEvent } from './core-event.js';
import { EventCorrelator, type EventCorrelatorOptions } from './event-correlator.js';
import { EventRecorder, type EventRecorderOptions } from './event-recorder.js';
import { type EventSink, EventSinkWriter } from './event-sink.js';

/** Options of {@link EventBroadcaster}. */
export interface EventBroadcasterOptions {
  /** Events buffered per watcher; further events are dropped. @default 1000 */
  queueLength?: number;
  /** @default realClock */
  clock?: Clock;
  /** Jitter of the sink's first retry. @default Math.random */
  random?: Random;
  /** Correlator tuning (aggregation, spam filter), client-go defaults otherwise. */
  correlator?: Omit<EventCorrelatorOptions, 'clock' | 'nameFor'>;
  /** Sink retry tuning. @default 12 tries, 10 s apart */
  maxTries?: number;
  retryIntervalMs?: number;
}

/** A stop function returned by the start methods. */
export type StopWatching = () => void;

class Watcher {
  readonly queue: CoreEvent[] = [];
  dropped = 0;
  private running = false;
  private readonly idleWaiters: (() => void)[] = [];
  readonly abort = new AbortController();

  constructor(
    private readonly limit: number,
    private readonly handle: (e: CoreEvent, signal: AbortSignal) => Promise<void> | void,
  ) {}

  offer(e: CoreEvent): void {
    if (this.abort.signal.aborted) {
      return;
    }
    if (this.queue.length >= this.limit) {
      this.dropped++;
      logger().warn('event queue full; dropping event', { reason: e.reason, object: e.involvedObject.name });
      return;
    }
    this.queue.push(e);
    if (!this.running) {
      void this.loop();
    }
  }

  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.abort.abort(new DOMException('event watcher stopped', 'AbortError'));
    this.queue.length = 0;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      for (let e = this.queue.shift(); e !== undefined; e = this.queue.shift()) {
        try {
          await this.handle(e, this.abort.signal);
        } catch (err) {
          logger().error('event handler failed', { error: err });
        }
      }
    } finally {
      this.running = false;
      for (const w of this.idleWaiters.splice(0)) {
        w();
      }
    }
  }
}

/** client-go's record.EventBroadcaster for core/v1 Events. */
export class EventBroadcaster {
  private readonly watchers = new Set<Watcher>();
  private readonly queueLength: number;
  private readonly clock: Clock;
  private readonly random: Random;
  private shut = false;
  private seq = 0;

  constructor(private readonly options: EventBroadcasterOptions = {}) {
    this.queueLength = options.queueLength ?? 1000;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? mathRandom;
  }

  /** Correlates events and writes them to `sink`, one at a time with retries. */
  startRecordingToSink(sink: EventSink): StopWatching {
    const writer = new EventSinkWriter({
      sink,
      correlator: new EventCorrelator({
        ...this.options.correlator,
        clock: this.clock,
        nameFor: (e, now) => this.eventName(e, now),
      }),
      clock: this.clock,
      random: this.random,
      ...(this.options.maxTries !== undefined ? { maxTries: this.options.maxTries } : {}),
      ...(this.options.retryIntervalMs !== undefined ? { retryIntervalMs: this.options.retryIntervalMs } : {}),
    });
    return this.startEventWatcher((e, signal) => writer.write(e, signal));
  }

  /** Calls `handler` for every event, in order, from a bounded queue. */
  startEventWatcher(handler: (event: CoreEvent, signal: AbortSignal) => Promise<void> | void): StopWatching {
    const w = new Watcher(this.queueLength, handler);
    this.watchers.add(w);
    return () => {
      w.stop();
      this.watchers.delete(w);
    };
  }

  /** Logs every event through the runtime logger at info level (client-go's StartStructuredLogging). */
  startLogging(): StopWatching {
    return this.startEventWatcher((e) => {
      logger().info('event occurred', {
        object: `${e.involvedObject.namespace ?? ''}/${e.involvedObject.name ?? ''}`,
        fieldPath: e.involvedObject.fieldPath,
        kind: e.involvedObject.kind,
        apiVersion: e.involvedObject.apiVersion,
        type: e.type,
        reason: e.reason,
        message: e.message,
      });
    });
  }

  /** A recorder that stamps events with `component` (and `host`). */
  newRecorder(options: Omit<EventRecorderOptions, 'broadcaster' | 'clock'>): EventRecorder {
    return new EventRecorder({ ...options, clock: this.clock, broadcaster: this });
  }

  /** Hands an event to every watcher; events are dropped after shutdown or when a queue is full. */
  action(event: CoreEvent): void {
    if (this.shut) {
      return;
    }
    for (const w of this.watchers) {
      w.offer(event);
    }
  }

  /** Resolves once every watcher has handled everything queued so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.watchers].map((w) => w.idle()));
  }

  /** Events dropped because a watcher's queue was full. */
  dropped(): number {
    let n = 0;
    for (const w of this.watchers) {
      n += w.dropped;
    }
    return n;
  }

  /** Stops every watcher at once: queued events are dropped and pending retries abandoned. */
  shutDown(): void {
    this.shut = true;
    for (const w of this.watchers) {
      w.stop();
    }
    this.watchers.clear();
  }

  /** `<object>.<hex nanoseconds>`; a per-broadcaster counter fills the sub-millisecond digits to avoid clashes. */
  eventName(event: CoreEvent, now: number): string {
    const nanos = BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return `${event.involvedObject.name ?? ''}.${nanos.toString(16)}`;
  }
}
