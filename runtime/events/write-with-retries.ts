// The retry schedule both event sinks share: up to N attempts, the first pause random, later pauses fixed.
import { sleep } from '../util/abort.js';
import type { Clock, Random } from '../util/clock.js';
import { logger } from '../util/logger.js';

/** Options of {@link writeWithRetries}. */
export interface RetrySchedule {
  /** Attempts in all. @default 12 */
  maxTries?: number;
  /** Pause between attempts; the first is random in [0, this). @default 10_000 */
  retryIntervalMs?: number;
  clock: Clock;
  random: Random;
}

/**
 * Calls `attempt` until it returns true (done: written or not retryable), the tries run out, or `signal` aborts.
 * A random first pause keeps many clients from retrying in lockstep after an API server outage.
 */
export async function writeWithRetries(
  attempt: () => Promise<boolean>,
  schedule: RetrySchedule,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  const maxTries = schedule.maxTries ?? 12;
  const interval = schedule.retryIntervalMs ?? 10_000;
  for (let tries = 1; ; tries++) {
    if (await attempt()) {
      return;
    }
    if (tries >= maxTries) {
      logger().error('unable to write event (retry limit exceeded)', { event: what });
      return;
    }
    try {
      await sleep(tries === 1 ? interval * schedule.random() : interval, signal, schedule.clock);
    } catch {
      return;
    }
  }
}
