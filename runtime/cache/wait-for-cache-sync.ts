// Waiting for informers (or handler registrations) to sync, as a promise instead of client-go's 100 ms polling.
import { onAbort } from '../util/abort.js';
import { logger } from '../util/logger.js';

/** Anything with a synced state: an informer or an event handler registration. */
export interface CacheSyncWaiter {
  hasSynced(): boolean;
  readonly synced: Promise<void>;
}

/**
 * Resolves true once every waiter has synced, or false if `signal` aborts first (client-go's WaitForCacheSync).
 * The signal comes first because the waiters are a rest parameter.
 */
export function waitForCacheSync(signal: AbortSignal | undefined, ...waiters: CacheSyncWaiter[]): Promise<boolean> {
  const all = (): boolean => waiters.every((w) => w.hasSynced());
  if (all()) {
    return Promise.resolve(true);
  }
  if (signal?.aborted) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const dispose = onAbort(signal, () => resolve(all()));
    void Promise.all(waiters.map((w) => w.synced)).then(() => {
      dispose();
      resolve(true);
    });
  });
}

/** waitForCacheSync with the start and outcome logged under a controller name (client-go's WaitForNamedCacheSync). */
export async function waitForNamedCacheSync(
  controllerName: string,
  signal: AbortSignal | undefined,
  ...waiters: CacheSyncWaiter[]
): Promise<boolean> {
  logger().info('Waiting for caches to sync', { controller: controllerName });
  const ok = await waitForCacheSync(signal, ...waiters);
  if (ok) {
    logger().info('Caches are synced', { controller: controllerName });
  } else {
    logger().error('Unable to sync caches', { controller: controllerName });
  }
  return ok;
}
