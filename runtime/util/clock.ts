// Injectable time: every timer, backoff and expiry in the runtime reads time through a Clock.

/** A handle returned by {@link Clock.setTimeout}; pass it to {@link Clock.clearTimeout}. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * The source of time for the runtime. Production code uses {@link realClock}; tests use `FakeClock` from
 * `kgen/runtime/testing`, which only moves when the test advances it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (clamped to 0). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

let nextId = 1;
const realTimers = new Map<number, NodeJS.Timeout>();

// Node fires a timer of more than 2^31 - 1 ms after 1 ms (with a TimeoutOverflowWarning); a longer wait is made of
// timers of at most this length, so a requeue a month ahead waits a month.
const maxNodeTimerMs = 2 ** 31 - 1;

/** The wall clock, backed by `Date.now` and Node timers. Its timers do not keep the process alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = nextId++;
    const arm = (remaining: number): void => {
      const t = setTimeout(
        () => {
          if (remaining > maxNodeTimerMs) {
            arm(remaining - maxNodeTimerMs);
            return;
          }
          realTimers.delete(id);
          fn();
        },
        Math.min(remaining, maxNodeTimerMs),
      );
      t.unref();
      realTimers.set(id, t);
    };
    arm(Math.max(0, ms));
    return { id };
  },
  clearTimeout(handle) {
    const t = realTimers.get(handle.id);
    if (t !== undefined) {
      clearTimeout(t);
      realTimers.delete(handle.id);
    }
  },
};

/** A source of uniform random numbers in [0, 1); injected wherever jitter is applied. */
export type Random = () => number;

/** The default {@link Random}. */
export const mathRandom: Random = Math.random;
