// Where correlated events are written, and the writer that retries like client-go's recordToSink.
import { ApiError, isNotFound } from '../errors/api-error.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import type { CoreEvent } from './core-event.js';
import type { EventCorrelator } from './event-correlator.js';
import type { EventCountPatch } from './event-deduplicator.js';
import { writeWithRetries } from './write-with-retries.js';

/** client-go's EventSink: stores core/v1 Events. Failures are ApiErrors (give up) or network errors (retry). */
export interface EventSink {
  create(event: CoreEvent, signal?: AbortSignal): Promise<CoreEvent>;
  update(event: CoreEvent, signal?: AbortSignal): Promise<CoreEvent>;
  /** Applies a strategic-merge patch to the stored event named by `event.metadata`. */
  patch(event: CoreEvent, patch: EventCountPatch, signal?: AbortSignal): Promise<CoreEvent>;
}

/** Options of {@link EventSinkWriter}. */
export interface EventSinkWriterOptions {
  sink: EventSink;
  correlator: EventCorrelator;
  /** Attempts per event. @default 12 */
  maxTries?: number;
  /** Pause between attempts; the first pause is random in [0, this). @default 10_000 */
  retryIntervalMs?: number;
  /** @default realClock */
  clock?: Clock;
  /** @default Math.random */
  random?: Random;
}

/** Correlates and writes events one at a time, retrying transport failures. */
export class EventSinkWriter {
  private readonly maxTries: number;
  private readonly retryIntervalMs: number;
  private readonly clock: Clock;
  private readonly random: Random;

  constructor(private readonly options: EventSinkWriterOptions) {
    this.maxTries = options.maxTries ?? 12;
    this.retryIntervalMs = options.retryIntervalMs ?? 10_000;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? mathRandom;
  }

  /** Writes one event; resolves when written, given up on, or `signal` aborts. Never rejects. */
  async write(event: CoreEvent, signal?: AbortSignal): Promise<void> {
    const result = this.options.correlator.correlate(event);
    if (result.skip) {
      return;
    }
    const correlated = result.event;
    const patch = result.patch;
    await writeWithRetries(
      () => this.attempt(correlated, patch, signal),
      { maxTries: this.maxTries, retryIntervalMs: this.retryIntervalMs, clock: this.clock, random: this.random },
      correlated.metadata.name ?? '',
      signal,
    );
  }

  // True when done with the event (written, or a failure that retrying cannot fix).
  private async attempt(event: CoreEvent, patch: EventCountPatch | undefined, signal?: AbortSignal): Promise<boolean> {
    const sink = this.options.sink;
    try {
      let stored: CoreEvent;
      if ((event.count ?? 1) > 1 && patch !== undefined) {
        try {
          stored = await sink.patch(event, patch, signal);
        } catch (err) {
          if (!isNotFound(err)) {
            throw err;
          }
          // The event was deleted (events expire): create it anew.
          stored = await sink.create(withoutResourceVersion(event), signal);
        }
      } else {
        stored = await sink.create(withoutResourceVersion(event), signal);
      }
      this.options.correlator.updateState(stored);
      return true;
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.reason !== 'AlreadyExists') {
          logger().error('server rejected event (will not retry)', { event: event.metadata.name, error: err });
        }
        return true;
      }
      if (signal?.aborted) {
        return true;
      }
      logger().warn('unable to write event (may retry)', { event: event.metadata.name, error: err });
      return false;
    }
  }
}

function withoutResourceVersion(event: CoreEvent): CoreEvent {
  if (event.metadata.resourceVersion === undefined) {
    return event;
  }
  const metadata = { ...event.metadata };
  delete metadata.resourceVersion;
  return { ...event, metadata };
}
