// Builds the internal state object the reflector's steps share, for tests that call a step directly.

import type { ListerWatcher } from '../../runtime/cache/lister-watcher.js';
import type { ReflectorCore } from '../../runtime/cache/reflector-core.js';
import type { ReflectorStore } from '../../runtime/cache/reflector-store.js';
import { FakeClock } from '../../runtime/testing/index.js';

/** A ReflectorCore with test defaults: a fake clock, no backoff, no expected type. */
export function testReflectorCore<T>(
  store: ReflectorStore<T>,
  overrides: Partial<ReflectorCore<T>> = {},
): ReflectorCore<T> {
  const unused: ListerWatcher<T> = {
    list: () => Promise.reject(new Error('list not expected')),
    watch: () => Promise.reject(new Error('watch not expected')),
  };
  return {
    name: 'test-reflector',
    typeDescription: 'v1, Kind=Pod',
    listerWatcher: unused,
    store,
    clock: new FakeClock(),
    random: () => 0.5,
    delay: () => 0,
    minWatchTimeoutS: 300,
    maxWatchTimeoutS: 600,
    pageSize: 0,
    expectedType: undefined,
    resyncPeriodMs: 0,
    shouldResync: undefined,
    maxInternalErrorRetryDurationMs: 0,
    useWatchList: false,
    watchListIdleTimeoutMs: 0,
    lastSyncResourceVersion: '',
    unavailable: false,
    paginatedResult: false,
    stats: { lastEventAt: undefined, lastBookmarkAt: undefined, syncs: 0, watches: 0, lastError: undefined },
    ...overrides,
  };
}
