// Runs a promise to completion while firing the fake clock's timers as the code under test schedules them.
import type { FakeClock } from '../../../runtime/testing/fake-clock.js';

/** Steps `clock` each time a timer is pending until `work` settles; returns its result (or rethrows). */
export async function driveClock<T>(clock: FakeClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  while (!settled) {
    await Promise.race([done, clock.waitForTimers(1)]);
    if (!settled) {
      await clock.step();
    }
  }
  return work;
}
