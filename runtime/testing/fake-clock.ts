// A Clock for tests: time moves only when the test calls advance(), and timers fire in due order.
import type { Clock, TimerHandle } from '../util/clock.js';

interface FakeTimer {
  readonly id: number;
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** Lets pending promise callbacks run, so that code awaiting a fired timer reaches its next await. */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * A manually driven {@link Clock}. `advance(ms)` fires every timer due within the window in time order,
 * letting promise callbacks settle after each one, so timers scheduled by those callbacks also fire if due.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  /** @param start the initial time in epoch milliseconds. @default 1_700_000_000_000 */
  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), seq: this.seq++, fn });
    this.notifyWaiters();
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Number of timers not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Due times (relative to now, in ms) of the pending timers, soonest first. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.due - this.current).sort((a, b) => a - b);
  }

  /** Resolves once at least `count` timers are pending (the code under test reached its sleep). */
  waitForTimers(count = 1): Promise<void> {
    if (this.timers.size >= count) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Moves time forward by `ms`, firing due timers in order and settling microtasks after each. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.due > end) {
        break;
      }
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.due);
      next.fn();
      await flushMicrotasks();
    }
    this.current = end;
    await flushMicrotasks();
  }

  /** Moves time to the next pending timer and fires it (and any due with it). Returns false if none. */
  async step(): Promise<boolean> {
    const next = this.earliest();
    if (next === undefined) {
      return false;
    }
    await this.advance(Math.max(0, next.due - this.current));
    return true;
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers.values()) {
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) {
        best = t;
      }
    }
    return best;
  }

  private notifyWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i] as { count: number; resolve: () => void };
      if (this.timers.size >= w.count) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}
