// realClock's timers: exact for delays beyond Node's 2^31 - 1 ms timer limit, cancellable at any point.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '../../../runtime/util/clock.js';
import { DelayingQueue } from '../../../runtime/workqueue/delaying-queue.js';

afterEach(() => {
  vi.useRealTimers();
});

const day = 24 * 3600 * 1000;

describe('realClock', () => {
  it('fires a timer of 40 days after 40 days, not after 1 ms', () => {
    vi.useFakeTimers();
    const fired: number[] = [];
    realClock.setTimeout(() => fired.push(Date.now()), 40 * day);
    const start = Date.now();
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(40 * day - 2);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([start + 40 * day]);
  });

  it('cancels a long timer after it has re-armed', () => {
    vi.useFakeTimers();
    let fired = false;
    const handle = realClock.setTimeout(() => {
      fired = true;
    }, 60 * day);
    vi.advanceTimersByTime(30 * day);
    realClock.clearTimeout(handle);
    vi.advanceTimersByTime(60 * day);
    expect(fired).toBe(false);
  });

  it('a delaying queue holds an item added 4 years ahead instead of spinning', () => {
    vi.useFakeTimers();
    const q = new DelayingQueue<string>();
    q.addAfter('at', 4 * 365 * day);
    // Before the fix the queue's timer fired every millisecond and re-armed: count the timers it leaves behind.
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(1);
    expect(q.len()).toBe(0);
    vi.advanceTimersByTime(4 * 365 * day);
    expect(q.len()).toBe(1);
    q.shutDown();
  });
});
