// Consumes one watch stream into a store: applies events, tracks the resourceVersion, detects the initial-events end.
import type { Watch, WatchEvent } from '../api/watch-event.js';
import { classifyNetworkError } from '../errors/network-error.js';
import { logger } from '../util/logger.js';
import { isBatchedWatch } from '../watch/watch-event-buffer.js';
import { VeryShortWatchError, WatchListTimeoutError } from './errors.js';
import { isUnsupportedTable, type ReflectorCore } from './reflector-core.js';
import type { ReflectorStore } from './reflector-store.js';

/** The annotation on the bookmark that ends a streaming list's initial events. */
export const INITIAL_EVENTS_ANNOTATION = 'k8s.io/initial-events-end';

const INTERRUPTED = Symbol('interrupted');

/**
 * One-shot trigger that ends the watch being consumed with an error (stop requested, resync failure, ...).
 *
 * It deliberately has no long-lived promise to race against: each `Promise.race([next, never])` leaves a reaction
 * on the never-settling promise that keeps the race's result alive, i.e. every watch event (and the pre-transform
 * object a copying transform replaced) for as long as the watch stays open. Waiters here are dropped on settle.
 */
export class WatchInterrupt {
  private fired = false;
  private err: unknown;
  private readonly waiters = new Set<() => void>();

  fire(err: unknown): void {
    if (!this.fired) {
      this.fired = true;
      this.err = err;
      for (const w of this.waiters) {
        w();
      }
      this.waiters.clear();
    }
  }

  get error(): unknown {
    return this.err;
  }

  get isFired(): boolean {
    return this.fired;
  }

  /** Settles like `pending`, or with INTERRUPTED once fire() is called first; retains nothing after settling. */
  race<V>(pending: Promise<V>): Promise<V | typeof INTERRUPTED> {
    if (this.fired) {
      return Promise.resolve(INTERRUPTED);
    }
    return new Promise<V | typeof INTERRUPTED>((resolve, reject) => {
      const onFire = (): void => resolve(INTERRUPTED);
      this.waiters.add(onFire);
      pending.then(
        (v) => {
          this.waiters.delete(onFire);
          resolve(v);
        },
        (e: unknown) => {
          this.waiters.delete(onFire);
          reject(e);
        },
      );
    });
  }
}

/** Takes events a batch at a time: all that a BatchedWatch has decoded, or one from any other watch. */
function batchesOf<T>(w: Watch<T>): () => Promise<readonly WatchEvent<T>[] | undefined> {
  if (isBatchedWatch(w)) {
    return () => w.nextBatch();
  }
  const it = w[Symbol.asyncIterator]();
  return async () => {
    const r = await it.next();
    return r.done === true ? undefined : [r.value];
  };
}

function unread<T>(w: Watch<T>, rest: readonly WatchEvent<T>[]): void {
  if (rest.length > 0) {
    if (!isBatchedWatch(w)) {
      throw new Error('unreachable: a watch that is not batched yields one event at a time');
    }
    w.unread(rest);
  }
}

/** Settings of one {@link handleAnyWatch} call. */
export interface HandleWatchOptions {
  /** Return (leaving the watch open) once the initial-events-end bookmark arrives. */
  readonly exitOnInitialEventsEnd: boolean;
  /** Told each event's resourceVersion and whether anything but ADDED has been seen yet. */
  onResourceVersion(rv: string, eventReceivedBesidesAdded: boolean): void;
  readonly interrupt: WatchInterrupt;
  /** With exitOnInitialEventsEnd: give up after this long without an event. 0 disables. */
  readonly idleTimeoutMs?: number;
}

/** How a watch ended: `error` is undefined for a normal close (EOF, server timeout). */
export interface HandleWatchResult {
  readonly initialEventsEnd: boolean;
  readonly error: unknown;
}

const warnIntervalMs = 10_000;

// Ends of stream that client-go's decoder reports as a plain close: re-watch from the last RV, no relist.
function isQuietClose(err: unknown): boolean {
  const kind = classifyNetworkError(err);
  return kind === 'eof' || kind === 'reset' || kind === 'timeout';
}

interface MetaObject {
  kind?: unknown;
  apiVersion?: unknown;
  metadata?: { resourceVersion?: string; annotations?: Record<string, string> } | null;
}

/**
 * Applies watch events to `store` until the stream ends, the interrupt fires, or (in streaming-list mode) the
 * initial-events-end bookmark arrives. The watch is stopped on return unless it is handed back after that bookmark.
 */
export async function handleAnyWatch<T>(
  core: ReflectorCore<T>,
  w: Watch<T>,
  store: ReflectorStore<T>,
  start: number,
  options: HandleWatchOptions,
): Promise<HandleWatchResult> {
  const { clock, name } = core;
  let initialEventsEnd = false;
  let besidesAdded = false;
  let count = 0;
  let lastEventAt: number | undefined;
  let stopWatcher = true;
  let ticker: ReturnType<typeof clock.setTimeout> | undefined;
  const interrupt = options.interrupt;
  if (options.exitOnInitialEventsEnd) {
    const tick = (): void => {
      const now = clock.now();
      const idle = now - (lastEventAt ?? start);
      if (options.idleTimeoutMs !== undefined && options.idleTimeoutMs > 0 && idle >= options.idleTimeoutMs) {
        interrupt.fire(new WatchListTimeoutError(name, idle));
        return;
      }
      if (lastEventAt === undefined) {
        logger().warn(
          `${name}: awaiting required bookmark event for initial events stream, no events received for ${idle}ms`,
        );
      } else if (idle >= warnIntervalMs) {
        logger().warn(
          `${name}: hasn't received required bookmark event marking the end of initial events stream, received last event ${idle}ms ago`,
        );
      }
      ticker = clock.setTimeout(tick, warnIntervalMs);
    };
    ticker = clock.setTimeout(tick, warnIntervalMs);
  }
  const nextBatch = batchesOf(w);
  try {
    for (;;) {
      if (interrupt.isFired) {
        return { initialEventsEnd, error: interrupt.error };
      }
      const pending = nextBatch();
      let batch: readonly WatchEvent<T>[] | undefined | typeof INTERRUPTED;
      try {
        batch = await interrupt.race(pending);
      } catch (err) {
        // A stream torn down by our own stop request may reject instead of ending; report the stop, not the tear-down.
        if (interrupt.isFired) {
          return { initialEventsEnd, error: interrupt.error };
        }
        if (isQuietClose(err)) {
          logger().debug('Watch stream ended', { reflector: name, err });
          break;
        }
        return { initialEventsEnd, error: err };
      }
      if (batch === INTERRUPTED) {
        pending.catch(() => {});
        return { initialEventsEnd, error: interrupt.error };
      }
      if (batch === undefined) {
        break;
      }
      for (let i = 0; i < batch.length; i++) {
        if (interrupt.isFired) {
          return { initialEventsEnd, error: interrupt.error };
        }
        const ev = batch[i] as WatchEvent<T>;
        const obj = ev.object as MetaObject;
        if (typeof obj !== 'object' || obj === null || typeof obj.metadata !== 'object' || obj.metadata === null) {
          logger().error('Unable to understand watch event', { reflector: name, type: ev.type });
          continue;
        }
        const expected = core.expectedType;
        if (
          expected !== undefined &&
          obj.kind !== undefined &&
          (obj.kind !== expected.kind || (expected.apiVersion !== undefined && obj.apiVersion !== expected.apiVersion))
        ) {
          logger().error('Unexpected watch event object type', {
            reflector: name,
            expected: `${expected.apiVersion ?? ''}/${expected.kind}`,
            actual: `${String(obj.apiVersion)}/${String(obj.kind)}`,
          });
          continue;
        }
        if (isUnsupportedTable(obj)) {
          logger().error('Unsupported watch event object gvk', { reflector: name, kind: 'Table' });
          continue;
        }
        const rv = obj.metadata.resourceVersion ?? '';
        try {
          switch (ev.type) {
            case 'ADDED':
              store.add(ev.object);
              break;
            case 'MODIFIED':
              besidesAdded = true;
              store.update(ev.object);
              break;
            case 'DELETED':
              besidesAdded = true;
              store.delete(ev.object);
              break;
            case 'BOOKMARK':
              besidesAdded = true;
              if (obj.metadata.annotations?.[INITIAL_EVENTS_ANNOTATION] === 'true') {
                initialEventsEnd = true;
              }
              core.stats.lastBookmarkAt = clock.now();
              store.bookmark?.(rv);
              break;
            default:
              logger().error('Unknown watch event', { reflector: name, type: String((ev as { type: unknown }).type) });
          }
        } catch (err) {
          logger().error(`Unable to apply ${ev.type} watch event to the store`, { reflector: name, err });
        }
        options.onResourceVersion(rv, besidesAdded);
        count++;
        lastEventAt = clock.now();
        core.stats.lastEventAt = lastEventAt;
        if (options.exitOnInitialEventsEnd && initialEventsEnd) {
          stopWatcher = false;
          // The events after the bookmark belong to whoever consumes the watch next.
          unread(w, batch.slice(i + 1));
          logger().debug('Exiting watch: received the bookmark that ends the initial events stream', {
            reflector: name,
            totalItems: count,
            durationMs: clock.now() - start,
          });
          return { initialEventsEnd, error: undefined };
        }
      }
    }
    if (clock.now() - start < 1000 && count === 0) {
      return { initialEventsEnd, error: new VeryShortWatchError(name) };
    }
    logger().debug('Watch close', { reflector: name, type: core.typeDescription, totalItems: count });
    return { initialEventsEnd, error: undefined };
  } finally {
    if (ticker !== undefined) {
      clock.clearTimeout(ticker);
    }
    if (stopWatcher) {
      w.stop();
    }
  }
}
