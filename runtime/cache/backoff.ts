// Exponential backoff with jitter and a reset interval: apimachinery's wait.Backoff and DelayWithReset.
import type { Clock, Random } from '../util/clock.js';

/** Backoff parameters (apimachinery's wait.Backoff), in milliseconds. */
export interface Backoff {
  /** The first delay. */
  readonly durationMs: number;
  /** Multiplier per step; 0 keeps the delay constant. */
  readonly factor: number;
  /** Each delay is d + random·jitter·d. */
  readonly jitter: number;
  /** How many times the delay grows before it stays put. */
  readonly steps: number;
  /** Upper bound of the un-jittered delay; reaching it stops the growth. 0 means none. */
  readonly capMs: number;
}

/** Returns the next delay in milliseconds each time it is called. */
export type DelayFunc = () => number;

/** The reflector's default: 800 ms doubling to 30 s, jitter 1.0 (so [30, 60) s at the cap). */
export const defaultReflectorBackoff: Backoff = {
  durationMs: 800,
  factor: 2,
  jitter: 1,
  steps: Math.ceil(30_000 / 800),
  capMs: 30_000,
};

/** `durationMs` plus up to `maxFactor` times itself, drawn from `random`. */
export function jitter(durationMs: number, maxFactor: number, random: Random): number {
  const f = maxFactor <= 0 ? 1 : maxFactor;
  return durationMs + random() * f * durationMs;
}

/** A DelayFunc that walks `backoff` once and then repeats its last delay (apimachinery's Backoff.DelayFunc). */
export function backoffDelayFunc(backoff: Backoff, random: Random): DelayFunc {
  let steps = backoff.steps;
  let duration = backoff.durationMs;
  return () => {
    if (steps < 1) {
      return backoff.jitter > 0 ? jitter(duration, backoff.jitter, random) : duration;
    }
    steps--;
    const current = duration;
    if (backoff.factor !== 0) {
      duration = current * backoff.factor;
      if (backoff.capMs > 0 && duration > backoff.capMs) {
        duration = backoff.capMs;
        steps = 0;
      }
    }
    return backoff.jitter > 0 ? jitter(current, backoff.jitter, random) : current;
  };
}

/**
 * A DelayFunc that starts over from `backoff` once `resetMs` have passed since the last start over, as
 * apimachinery's DelayWithReset (the reflector resets after 2 minutes).
 */
export function delayWithReset(backoff: Backoff, clock: Clock, resetMs: number, random: Random): DelayFunc {
  if (backoff.factor <= 0) {
    return backoffDelayFunc(backoff, random);
  }
  if (resetMs <= 0) {
    return backoffDelayFunc({ ...backoff, steps: 0, factor: 0 }, random);
  }
  let current = backoffDelayFunc(backoff, random);
  let lastStart = clock.now();
  return () => {
    const now = clock.now();
    if (now - lastStart > resetMs) {
      current = backoffDelayFunc(backoff, random);
      lastStart = now;
    }
    return current();
  };
}
