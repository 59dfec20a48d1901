// Reflector: keeps a store in step with the API server by LIST (or streaming list) then WATCH, forever, with backoff.
import { NetworkError } from '../errors/network-error.js';
import { sleep } from '../util/abort.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import { type Backoff, type DelayFunc, defaultReflectorBackoff, delayWithReset } from './backoff.js';
import type { ListerWatcher } from './lister-watcher.js';
import { type ExpectedType, isExpiredError, type ReflectorCore } from './reflector-core.js';
import { reflectorList } from './reflector-list.js';
import type { ReflectorStore } from './reflector-store.js';
import { watchWithResync } from './reflector-watch.js';
import { watchList } from './watch-list.js';

export type { ExpectedType } from './reflector-core.js';

/** What a watch error handler learns about the reflector that failed. */
export interface ReflectorInfo {
  readonly name: string;
  readonly typeDescription: string;
  lastSyncResourceVersion(): string;
}

/** Called whenever ListAndWatch fails; the reflector then backs off and relists. Must return quickly. */
export type WatchErrorHandler = (reflector: ReflectorInfo, err: unknown) => void;

/** Logs a ListAndWatch failure at a level that fits it, as client-go's DefaultWatchErrorHandler. */
export const defaultWatchErrorHandler: WatchErrorHandler = (r, err) => {
  const fields = { reflector: r.name, type: r.typeDescription, err };
  if (isExpiredError(err)) {
    logger().debug('Watch closed', fields);
  } else if (err instanceof NetworkError && err.kind === 'eof') {
    logger().info('Watch closed with unexpected EOF', fields);
  } else {
    logger().error('Failed to watch', fields);
  }
};

/** Options of {@link Reflector}. */
export interface ReflectorOptions<T> {
  listerWatcher: ListerWatcher<T>;
  store: ReflectorStore<T>;
  /** For logs and health. @default "reflector" */
  name?: string;
  /** For logs. @default the expected kind, or "<unspecified>" */
  typeDescription?: string;
  /** Drop (and log) watch events of another apiVersion/kind. @default accept every kind */
  expectedType?: ExpectedType;
  /** Call store.resync() this often (when shouldResync agrees). 0 disables. @default 0 */
  resyncPeriodMs?: number;
  /** Asked before each resync. @default always yes */
  shouldResync?: () => boolean;
  /** Minimum watch timeout; values under 5 minutes are ignored. Watches time out in [min, 2·min). @default 300000 */
  minWatchTimeoutMs?: number;
  /** Backoff between failed ListAndWatch attempts and watch retries; resets after 2 minutes. @default 0.8 s ×2 to 30 s, jitter 1 */
  backoff?: Backoff;
  /** Replaces the backoff entirely (tests count its calls). @default from `backoff` */
  delayFunc?: DelayFunc;
  /** LIST page size. 0 follows client-go: 500, or unpaged for lists at a specific resourceVersion. @default 0 */
  pageSize?: number;
  /** How long watches may retry InternalError without a relist. 0 disables. @default 0 */
  maxInternalErrorRetryDurationMs?: number;
  /** Sync with a streaming list (WATCH + sendInitialEvents) instead of LIST, falling back to LIST on error. @default true */
  useWatchList?: boolean;
  /** Give up a streaming list after this long without an event (then LIST). 0 waits forever. @default 30000 */
  watchListIdleTimeoutMs?: number;
  /** @default defaultWatchErrorHandler */
  watchErrorHandler?: WatchErrorHandler;
  /** @default realClock */
  clock?: Clock;
  /** Jitter and watch-timeout randomness. @default Math.random */
  random?: Random;
}

/** A reflector's health, for probes and dashboards. Times are epoch milliseconds on the reflector's clock. */
export interface ReflectorHealth {
  readonly lastSyncResourceVersion: string;
  readonly lastEventAt: number | undefined;
  readonly lastBookmarkAt: number | undefined;
  /** Full syncs after the first one. */
  readonly relists: number;
  /** Watches opened after the first one. */
  readonly watchRestarts: number;
  /** The last error that ended a watch or ListAndWatch. */
  readonly lastError: unknown;
}

const fiveMinutesS = 300;

/** client-go's Reflector. */
export class Reflector<T> implements ReflectorInfo {
  private readonly core: ReflectorCore<T>;
  private watchErrorHandler: WatchErrorHandler;

  constructor(options: ReflectorOptions<T>) {
    const clock = options.clock ?? realClock;
    const random = options.random ?? mathRandom;
    let minS = fiveMinutesS;
    let maxS = 2 * fiveMinutesS;
    if (options.minWatchTimeoutMs !== undefined && options.minWatchTimeoutMs / 1000 > fiveMinutesS) {
      minS = options.minWatchTimeoutMs / 1000;
      maxS = 2 * minS;
    }
    const unsupported = options.listerWatcher.isWatchListSemanticsUnsupported?.() ?? false;
    this.core = {
      name: options.name ?? 'reflector',
      typeDescription:
        options.typeDescription ??
        (options.expectedType === undefined
          ? '<unspecified>'
          : `${options.expectedType.apiVersion ?? ''}, Kind=${options.expectedType.kind}`),
      listerWatcher: options.listerWatcher,
      store: options.store,
      clock,
      random,
      delay: options.delayFunc ?? delayWithReset(options.backoff ?? defaultReflectorBackoff, clock, 120_000, random),
      minWatchTimeoutS: minS,
      maxWatchTimeoutS: maxS,
      pageSize: options.pageSize ?? 0,
      expectedType: options.expectedType,
      resyncPeriodMs: options.resyncPeriodMs ?? 0,
      shouldResync: options.shouldResync,
      maxInternalErrorRetryDurationMs: options.maxInternalErrorRetryDurationMs ?? 0,
      useWatchList: (options.useWatchList ?? true) && !unsupported,
      watchListIdleTimeoutMs: options.watchListIdleTimeoutMs ?? 30_000,
      lastSyncResourceVersion: '',
      unavailable: false,
      paginatedResult: false,
      stats: { lastEventAt: undefined, lastBookmarkAt: undefined, syncs: 0, watches: 0, lastError: undefined },
    };
    this.watchErrorHandler = options.watchErrorHandler ?? defaultWatchErrorHandler;
  }

  get name(): string {
    return this.core.name;
  }

  get typeDescription(): string {
    return this.core.typeDescription;
  }

  /** Whether this reflector syncs with streaming lists. */
  get usesWatchList(): boolean {
    return this.core.useWatchList;
  }

  /** Asked before each periodic resync; may be replaced before run(). */
  get shouldResync(): (() => boolean) | undefined {
    return this.core.shouldResync;
  }

  set shouldResync(fn: (() => boolean) | undefined) {
    this.core.shouldResync = fn;
  }

  /** The resourceVersion of the last list, event or bookmark applied. */
  lastSyncResourceVersion(): string {
    return this.core.lastSyncResourceVersion;
  }

  /** @internal for tests that start from a known resourceVersion. */
  setLastSyncResourceVersion(rv: string): void {
    this.core.lastSyncResourceVersion = rv;
  }

  health(): ReflectorHealth {
    const s = this.core.stats;
    return {
      lastSyncResourceVersion: this.core.lastSyncResourceVersion,
      lastEventAt: s.lastEventAt,
      lastBookmarkAt: s.lastBookmarkAt,
      relists: Math.max(0, s.syncs - 1),
      watchRestarts: Math.max(0, s.watches - 1),
      lastError: s.lastError,
    };
  }

  /**
   * Runs ListAndWatch until `signal` aborts, calling the watch error handler on failures and always waiting one
   * backoff delay between attempts. Resolves once stopped.
   */
  async run(signal: AbortSignal): Promise<void> {
    logger().debug('Starting reflector', { reflector: this.name, type: this.typeDescription });
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) {
          break;
        }
        this.core.stats.lastError = err;
        try {
          this.watchErrorHandler(this, err);
        } catch (handlerErr) {
          logger().error('Watch error handler threw', { reflector: this.name, err: handlerErr });
        }
      }
      try {
        await sleep(this.core.delay(), signal, this.core.clock);
      } catch {
        break;
      }
    }
    logger().debug('Stopping reflector', { reflector: this.name, type: this.typeDescription });
  }

  /**
   * One round: sync (streaming list, or LIST) then watch until the watch needs a relist. Resolves when `signal`
   * aborts or a relist is due; rejects with errors that prevented listing or opening a watch.
   */
  async listAndWatch(signal: AbortSignal): Promise<void> {
    const core = this.core;
    let handed = undefined as Awaited<ReturnType<typeof watchList<T>>>;
    let fallbackToList = !core.useWatchList;
    if (core.useWatchList) {
      try {
        handed = await watchList(core, signal);
        if (handed === undefined) {
          return;
        }
      } catch (err) {
        logger().debug('Streaming list failed, falling back to LIST', { reflector: this.name, err });
        fallbackToList = true;
      }
    }
    if (fallbackToList) {
      await reflectorList(core, signal);
      if (signal.aborted) {
        return;
      }
    }
    logger().debug('Caches populated', { reflector: this.name, type: this.typeDescription });
    const err = await watchWithResync(core, handed, signal);
    if (err !== undefined) {
      throw err;
    }
  }
}
