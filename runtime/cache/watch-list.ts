// The reflector's streaming list: one WATCH with sendInitialEvents, collected until the initial-events-end bookmark.
import type { ListOptions } from '../api/options.js';
import type { Watch } from '../api/watch-event.js';
import { onAbort, sleep } from '../util/abort.js';
import { logger } from '../util/logger.js';
import { StopRequestedError } from './errors.js';
import { deletionHandlingMetaNamespaceKeyFunc } from './keys.js';
import {
  isExpiredError,
  isTooLargeResourceVersion,
  isWatchErrorRetriable,
  type ReflectorCore,
  rewatchResourceVersion,
  watchTimeoutSeconds,
} from './reflector-core.js';
import { newStore, type Store, type StoreOptions } from './store.js';
import { handleAnyWatch, WatchInterrupt } from './watch-handler.js';

/**
 * Streams the initial state into a temporary store, then replaces the real store with it in one step. Resolves with
 * the still-open watch to keep consuming, or undefined if `signal` aborted. Rejects with errors a LIST fallback
 * should follow (an old server's 422, a stream that never ends its initial events, ...).
 */
export async function watchList<T>(core: ReflectorCore<T>, signal: AbortSignal): Promise<Watch<T> | undefined> {
  // Returns true if the request should simply be repeated; sleeps first for 429 and connection refused.
  const retriable = async (err: unknown): Promise<boolean> => {
    if (isWatchErrorRetriable(err)) {
      logger().info('watch-list failed - backing off', { reflector: core.name, err });
      await sleep(core.delay(), signal, core.clock);
      return true;
    }
    if (isExpiredError(err) || isTooLargeResourceVersion(err)) {
      core.unavailable = true;
      return true;
    }
    return false;
  };
  const storeOptions: StoreOptions<T> = { keyFunc: deletionHandlingMetaNamespaceKeyFunc };
  if (core.store.transformer !== undefined) {
    storeOptions.transform = core.store.transformer;
  }
  let temporary: Store<T>;
  let resourceVersion: string;
  let w: Watch<T>;
  try {
    for (;;) {
      if (signal.aborted) {
        return undefined;
      }
      resourceVersion = '';
      temporary = newStore(storeOptions);
      const options: ListOptions = {
        resourceVersion: rewatchResourceVersion(core),
        allowWatchBookmarks: true,
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        timeoutSeconds: watchTimeoutSeconds(core),
      };
      const start = core.clock.now();
      try {
        w = await core.listerWatcher.watch(options, signal);
        core.stats.watches++;
      } catch (err) {
        if (signal.aborted) {
          return undefined;
        }
        if (await retriable(err)) {
          continue;
        }
        throw err;
      }
      const interrupt = new WatchInterrupt();
      const dispose = onAbort(signal, () => interrupt.fire(new StopRequestedError()));
      let result: Awaited<ReturnType<typeof handleAnyWatch>>;
      try {
        result = await handleAnyWatch<T>(core, w, temporary, start, {
          exitOnInitialEventsEnd: true,
          interrupt,
          idleTimeoutMs: core.watchListIdleTimeoutMs,
          onResourceVersion: (rv, besidesAdded) => {
            // Synthetic ADDED events are not in resourceVersion order; only later events and bookmarks count.
            if (besidesAdded) {
              resourceVersion = rv;
            }
          },
        });
      } finally {
        dispose();
      }
      if (result.error !== undefined) {
        w.stop();
        if (result.error instanceof StopRequestedError) {
          return undefined;
        }
        if (await retriable(result.error)) {
          continue;
        }
        throw result.error;
      }
      if (result.initialEventsEnd) {
        break;
      }
      // The stream closed before its initial events ended: start over with a clean temporary store.
    }
  } catch (err) {
    if (signal.aborted) {
      return undefined;
    }
    throw err;
  }
  core.unavailable = false;
  core.store.replace(temporary.list(), resourceVersion);
  core.lastSyncResourceVersion = resourceVersion;
  core.stats.syncs++;
  return w;
}
