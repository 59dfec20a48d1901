// The reflector's WATCH step: keeps a watch open from the last resourceVersion, with resync, backoff and retries.
import type { ListOptions } from '../api/options.js';
import type { Watch } from '../api/watch-event.js';
import { isInternalError, isTooManyRequests } from '../errors/api-error.js';
import { onAbort, sleep } from '../util/abort.js';
import { logger } from '../util/logger.js';
import { StopRequestedError } from './errors.js';
import { isExpiredError, isWatchErrorRetriable, type ReflectorCore, watchTimeoutSeconds } from './reflector-core.js';
import { RetryWithDeadline } from './retry-with-deadline.js';
import { handleAnyWatch, WatchInterrupt } from './watch-handler.js';

function setLastSyncResourceVersion<T>(core: ReflectorCore<T>, rv: string): void {
  core.lastSyncResourceVersion = rv;
  core.store.updateResourceVersion?.(rv);
}

/** Calls store.resync() every resyncPeriodMs (when shouldResync agrees) until `signal` aborts or a resync throws. */
async function resyncLoop<T>(
  core: ReflectorCore<T>,
  signal: AbortSignal,
  onError: (err: unknown) => void,
): Promise<void> {
  if (core.resyncPeriodMs <= 0) {
    return;
  }
  for (;;) {
    try {
      await sleep(core.resyncPeriodMs, signal, core.clock);
    } catch {
      return;
    }
    if (core.shouldResync === undefined || core.shouldResync()) {
      logger().debug('Forcing resync', { reflector: core.name });
      try {
        core.store.resync();
      } catch (err) {
        onError(err);
        return;
      }
    }
  }
}

/**
 * Watches until `signal` aborts or the watch fails in a way that needs a relist. Resolves with the error that ends
 * ListAndWatch (a watch that cannot be opened), or undefined when a relist should simply follow.
 */
export async function watchWithResync<T>(
  core: ReflectorCore<T>,
  initial: Watch<T> | undefined,
  signal: AbortSignal,
): Promise<unknown> {
  const interrupt = new WatchInterrupt();
  const resyncStop = new AbortController();
  const disposeAbort = onAbort(signal, () => interrupt.fire(new StopRequestedError()));
  const resync = resyncLoop(core, AbortSignal.any([signal, resyncStop.signal]), (err) => interrupt.fire(err));
  try {
    return await watchLoop(core, initial, signal, interrupt);
  } finally {
    resyncStop.abort();
    disposeAbort();
    await resync;
  }
}

async function watchLoop<T>(
  core: ReflectorCore<T>,
  initial: Watch<T> | undefined,
  signal: AbortSignal,
  interrupt: WatchInterrupt,
): Promise<unknown> {
  let w = initial;
  const retry = new RetryWithDeadline(core.maxInternalErrorRetryDurationMs, 60_000, isInternalError, core.clock);
  try {
    for (;;) {
      if (signal.aborted) {
        return undefined;
      }
      // Taken before the request: some proxies hold the headers back until the first event.
      const start = core.clock.now();
      // A handed-over stream is past its synthetic ADDED events, so its RVs are ordered from the start.
      let propagateFromStart = true;
      if (w === undefined) {
        const options: ListOptions = {
          resourceVersion: core.lastSyncResourceVersion,
          timeoutSeconds: watchTimeoutSeconds(core),
          allowWatchBookmarks: true,
        };
        if (options.resourceVersion === '' || options.resourceVersion === '0') {
          propagateFromStart = false;
        }
        try {
          w = await core.listerWatcher.watch(options, signal);
          core.stats.watches++;
        } catch (err) {
          if (signal.aborted) {
            return undefined;
          }
          if (isWatchErrorRetriable(err)) {
            logger().debug('Watch failed - backing off', { reflector: core.name, err });
            try {
              await sleep(core.delay(), signal, core.clock);
            } catch {
              return undefined;
            }
            continue;
          }
          return err;
        }
      }
      const current = w;
      w = undefined;
      const { error } = await handleAnyWatch(core, current, core.store, start, {
        exitOnInitialEventsEnd: false,
        interrupt,
        onResourceVersion: (rv, besidesAdded) => {
          if (propagateFromStart || besidesAdded) {
            setLastSyncResourceVersion(core, rv);
          }
        },
      });
      retry.after(error);
      if (error === undefined) {
        continue;
      }
      if (!(error instanceof StopRequestedError)) {
        core.stats.lastError = error;
        if (isExpiredError(error)) {
          // The next LIST asks for lastSyncResourceVersion: it is at least as fresh as anything seen.
          logger().debug('Watch closed', { reflector: core.name, type: core.typeDescription, err: error });
        } else if (isTooManyRequests(error)) {
          logger().info('Watch returned 429 - backing off', { reflector: core.name, type: core.typeDescription });
          try {
            await sleep(core.delay(), signal, core.clock);
          } catch {
            return undefined;
          }
          continue;
        } else if (isInternalError(error) && retry.shouldRetry()) {
          logger().info('Retrying watch after internal error', { reflector: core.name, err: error });
          continue;
        } else {
          logger().warn('Watch ended with error', { reflector: core.name, type: core.typeDescription, err: error });
        }
      }
      return undefined;
    }
  } finally {
    w?.stop();
  }
}
