// The state and settings a Reflector's list, watch and streaming-list steps share (not part of the public API).
import { isGone, isResourceExpired, isTooLargeResourceVersion, isTooManyRequests } from '../errors/api-error.js';
import { isConnectionRefused } from '../errors/network-error.js';
import type { Clock, Random } from '../util/clock.js';
import type { DelayFunc } from './backoff.js';
import type { ListerWatcher } from './lister-watcher.js';
import type { ReflectorStore } from './reflector-store.js';

/** The apiVersion and kind a reflector accepts; events with another kind are dropped and logged. */
export interface ExpectedType {
  readonly apiVersion?: string;
  readonly kind: string;
}

/** Counters and timestamps behind `health()`; timestamps are the clock's epoch milliseconds. */
export interface ReflectorStats {
  lastEventAt: number | undefined;
  lastBookmarkAt: number | undefined;
  /** Completed full syncs (LIST or streaming list). */
  syncs: number;
  /** Watch requests that opened. */
  watches: number;
  lastError: unknown;
}

/** @internal shared by reflector.ts, reflector-list.ts, reflector-watch.ts, watch-list.ts and watch-handler.ts. */
export interface ReflectorCore<T> {
  readonly name: string;
  readonly typeDescription: string;
  readonly listerWatcher: ListerWatcher<T>;
  readonly store: ReflectorStore<T>;
  readonly clock: Clock;
  readonly random: Random;
  readonly delay: DelayFunc;
  readonly minWatchTimeoutS: number;
  readonly maxWatchTimeoutS: number;
  readonly pageSize: number;
  readonly expectedType: ExpectedType | undefined;
  readonly resyncPeriodMs: number;
  shouldResync: (() => boolean) | undefined;
  readonly maxInternalErrorRetryDurationMs: number;
  readonly useWatchList: boolean;
  readonly watchListIdleTimeoutMs: number;
  lastSyncResourceVersion: string;
  /** The last list or watch at lastSyncResourceVersion failed with Expired or too-large. */
  unavailable: boolean;
  /** The first LIST at RV "0" came back paginated: the watch cache is off, keep paginating. */
  paginatedResult: boolean;
  readonly stats: ReflectorStats;
}

/** The resourceVersion to (re)list at: "" after expiry (quorum read), "0" at first (watch cache), else the last seen. */
export function relistResourceVersion<T>(core: ReflectorCore<T>): string {
  if (core.unavailable) {
    return '';
  }
  return core.lastSyncResourceVersion === '' ? '0' : core.lastSyncResourceVersion;
}

/** The resourceVersion a streaming list starts from. */
export function rewatchResourceVersion<T>(core: ReflectorCore<T>): string {
  return core.unavailable ? '' : core.lastSyncResourceVersion;
}

/** A watch's `timeoutSeconds`: random in [min, max), so watches of many clients do not expire together. */
export function watchTimeoutSeconds<T>(core: ReflectorCore<T>): number {
  return Math.floor(core.minWatchTimeoutS + core.random() * (core.maxWatchTimeoutS - core.minWatchTimeoutS));
}

/** 410: Expired, or Gone from servers before 1.18. */
export function isExpiredError(err: unknown): boolean {
  return isResourceExpired(err) || isGone(err);
}

export { isTooLargeResourceVersion };

/** Connection refused and 429 mean "back off and try the watch again", never "relist". */
export function isWatchErrorRetriable(err: unknown): boolean {
  return isConnectionRefused(err) || isTooManyRequests(err);
}

/** True for meta.k8s.io Table objects, which a reflector rejects. */
export function isUnsupportedTable(obj: { kind?: unknown; apiVersion?: unknown } | undefined): boolean {
  return (
    obj !== undefined &&
    obj.kind === 'Table' &&
    (obj.apiVersion === 'meta.k8s.io/v1' || obj.apiVersion === 'meta.k8s.io/v1beta1')
  );
}
