// runController: the worker loop of a controller — take an item, reconcile it, requeue as the result says.

import { isAbortError } from '../util/abort.js';
import { logger } from '../util/logger.js';
import type { RateLimitingQueue } from '../workqueue/rate-limiting-queue.js';
import type { Action } from './action.js';

/** Options of {@link runController}. */
export interface RunControllerOptions<T> {
  /** The queue the event handlers fill. It is shut down when the controller stops. */
  queue: RateLimitingQueue<T>;
  /**
   * Handles one item. Return an {@link Action}; a throw requeues the item rate-limited. The signal aborts when
   * the controller is stopping.
   */
  reconcile: (item: T, signal: AbortSignal) => Promise<Action> | Action;
  /** Concurrent workers; one item is never reconciled by two at once. @default 1 */
  workers?: number;
  /** Name used in log lines. @default 'controller' */
  name?: string;
  /** Stops the controller: no new items are taken, in-flight reconciles finish, then the promise resolves. */
  signal: AbortSignal;
}

/**
 * Runs `workers` loops over the queue until `signal` aborts (or the queue is shut down elsewhere). A successful
 * reconcile forgets the item's failures; `Action.requeue(ms)` adds it back after `ms`; a throw adds it back after
 * the rate limiter's delay. Resolves once every worker has finished its current item.
 */
export async function runController<T>(options: RunControllerOptions<T>): Promise<void> {
  const { queue, reconcile, signal } = options;
  const name = options.name ?? 'controller';
  const workers = Math.max(1, options.workers ?? 1);
  const log = logger();

  const worker = async (): Promise<void> => {
    while (!signal.aborted) {
      let item: T;
      try {
        const r = await queue.get(signal);
        if (r.shutdown) {
          return;
        }
        item = r.item;
      } catch (err) {
        if (isAbortError(err) || signal.aborted) {
          return;
        }
        throw err;
      }
      try {
        const action = await reconcile(item, signal);
        queue.forget(item);
        if (action.requeueAfterMs !== undefined) {
          queue.addAfter(item, action.requeueAfterMs);
        }
      } catch (err) {
        if (!signal.aborted) {
          log.warn('reconcile failed; requeueing with backoff', {
            controller: name,
            requeues: queue.numRequeues(item),
            error: err,
          });
          queue.addRateLimited(item);
        }
      } finally {
        queue.done(item);
      }
    }
  };

  log.info('starting workers', { controller: name, workers });
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    queue.shutDown();
    log.info('workers stopped', { controller: name });
  }
}
