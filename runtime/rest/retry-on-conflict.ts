// client-go's util/retry: re-run an update that lost an optimistic-concurrency race, with a short jittered backoff.
import type { Backoff } from '../cache/backoff.js';
import { isConflict } from '../errors/api-error.js';
import { sleep } from '../util/abort.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';

/** wait.Backoff for retries (`steps` tries in all), with the clock and randomness it runs on. */
export interface RetryBackoff extends Backoff {
  /** @default realClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: Random;
}

/** For update conflicts: 5 tries, 10 ms apart with 10% jitter (client-go's retry.DefaultRetry). */
export const DefaultRetry: RetryBackoff = { steps: 5, durationMs: 10, factor: 1, jitter: 0.1, capMs: 0 };

/** For errors that take longer to clear: 4 tries, 10 ms ×5 each step (client-go's retry.DefaultBackoff). */
export const DefaultBackoff: RetryBackoff = { steps: 4, durationMs: 10, factor: 5, jitter: 0.1, capMs: 0 };

/** The waits a RetryBackoff produces, in order (one fewer than its steps). */
export function backoffDelays(backoff: RetryBackoff): number[] {
  const random = backoff.random ?? mathRandom;
  const out: number[] = [];
  let d = backoff.durationMs;
  for (let i = 1; i < backoff.steps; i++) {
    out.push(backoff.jitter > 0 ? d + random() * backoff.jitter * d : d);
    if (backoff.factor !== 0) {
      d *= backoff.factor;
      if (backoff.capMs > 0 && d > backoff.capMs) {
        d = backoff.capMs;
      }
    }
  }
  return out;
}

/**
 * Runs `fn` until it succeeds, fails with an error `retriable` rejects, or the steps run out; then the last
 * retriable error is thrown (client-go's retry.OnError).
 */
export async function onError<T>(
  backoff: RetryBackoff,
  retriable: (err: unknown) => boolean,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const delays = backoffDelays(backoff);
  const clock = backoff.clock ?? realClock;
  for (let i = 0; ; i++) {
    signal?.throwIfAborted();
    try {
      return await fn();
    } catch (err) {
      if (!retriable(err) || i >= delays.length) {
        throw err;
      }
      await sleep(delays[i] as number, signal, clock);
    }
  }
}

/**
 * Re-runs `fn` (which should get the latest object, change it and update it) while it fails with a Conflict.
 * Any other error is returned at once; when the steps run out the last Conflict is thrown.
 */
export function retryOnConflict<T>(
  fn: () => Promise<T>,
  backoff: RetryBackoff = DefaultRetry,
  signal?: AbortSignal,
): Promise<T> {
  return onError(backoff, isConflict, fn, signal);
}
