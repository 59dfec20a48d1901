// Waits for a condition by yielding to the event loop, never by sleeping on the wall clock.
import type { FakeClock } from '../../runtime/testing/index.js';

/**
 * Resolves once `cond` holds, letting other callbacks run between checks (setImmediate turns). Rejects after
 * `maxTurns` turns so a broken test fails instead of hanging.
 */
export async function waitFor(cond: () => boolean, what = 'condition', maxTurns = 20_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (cond()) {
      return;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Advances `clock` to its next timer, again and again, until `done()` holds; returns the delays it stepped over.
 * Time moves only as far as the code under test asks it to.
 */
export async function driveClock(clock: FakeClock, done: () => boolean, maxSteps = 10_000): Promise<number[]> {
  const steps: number[] = [];
  for (let i = 0; i < maxSteps; i++) {
    await waitFor(() => done() || clock.pendingTimers() > 0, 'a pending timer');
    if (done()) {
      return steps;
    }
    const delay = clock.pendingDelays()[0] as number;
    steps.push(delay);
    await clock.step();
  }
  throw new Error('driveClock: too many steps');
}

/** An Error carrying a Node-style `code`, as a failed socket reports it. */
export function errnoError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}
