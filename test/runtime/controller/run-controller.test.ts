// runController: actions, error requeues with backoff, one worker per item, graceful shutdown.
import { describe, expect, it } from 'vitest';
import { Action, runController } from '../../../runtime/controller/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { ItemExponentialFailureRateLimiter, RateLimitingQueue } from '../../../runtime/workqueue/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { waitFor } from '../../support/wait-for.js';

const logs = captureLogs();

function setup() {
  const clock = new FakeClock();
  const queue = new RateLimitingQueue<string>({
    clock,
    rateLimiter: new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 10, maxDelayMs: 1000 }),
  });
  return { clock, queue };
}

describe('runController', () => {
  it('awaitChange forgets the item; requeue(ms) brings it back after ms', async () => {
    const { clock, queue } = setup();
    const ac = new AbortController();
    const calls: string[] = [];
    const run = runController({
      queue,
      signal: ac.signal,
      reconcile: (item) => {
        calls.push(item);
        return item === 'periodic' ? Action.requeue(1000) : Action.awaitChange();
      },
    });
    queue.add('once');
    queue.add('periodic');
    await waitFor(() => calls.length === 2, 'two reconciles');
    await clock.advance(999);
    expect(calls).toEqual(['once', 'periodic']);
    await clock.advance(1);
    await waitFor(() => calls.length === 3, 'requeue');
    expect(calls[2]).toBe('periodic');
    expect(queue.numRequeues('periodic')).toBe(0);
    ac.abort();
    await run;
    expect(queue.isShuttingDown()).toBe(true);
  });

  it('a throw requeues with exponential backoff; success forgets the failures', async () => {
    const { clock, queue } = setup();
    const ac = new AbortController();
    let attempts = 0;
    const times: number[] = [];
    const start = clock.now();
    const run = runController({
      queue,
      signal: ac.signal,
      reconcile: () => {
        attempts++;
        times.push(clock.now() - start);
        if (attempts <= 3) {
          throw new Error('transient');
        }
        return Action.awaitChange();
      },
    });
    queue.add('x');
    await waitFor(() => attempts === 1, 'first attempt');
    for (const delay of [10, 20, 40]) {
      const n = attempts;
      await clock.advance(delay);
      await waitFor(() => attempts === n + 1, `retry after ${delay}`);
    }
    expect(times).toEqual([0, 10, 30, 70]);
    expect(logs.filter((l) => l.msg.startsWith('reconcile failed')).map((l) => l.fields?.requeues)).toEqual([0, 1, 2]);
    expect(queue.numRequeues('x')).toBe(0);
    ac.abort();
    await run;
  });

  it('never reconciles one item on two workers at once', async () => {
    const { queue } = setup();
    const ac = new AbortController();
    const active = new Set<string>();
    let overlap = false;
    let count = 0;
    const release: (() => void)[] = [];
    const run = runController({
      queue,
      workers: 4,
      signal: ac.signal,
      reconcile: async (item) => {
        if (active.has(item)) {
          overlap = true;
        }
        active.add(item);
        count++;
        await new Promise<void>((r) => release.push(r));
        active.delete(item);
        return Action.awaitChange();
      },
    });
    queue.add('a');
    await waitFor(() => count === 1, 'a started');
    queue.add('a');
    queue.add('b');
    await waitFor(() => count === 2, 'b started');
    expect(active).toEqual(new Set(['a', 'b']));
    for (const r of release.splice(0)) {
      r();
    }
    await waitFor(() => count === 3, 'a again');
    for (const r of release.splice(0)) {
      r();
    }
    await waitFor(() => active.size === 0, 'idle');
    expect(overlap).toBe(false);
    ac.abort();
    await run;
  });

  it('on abort, in-flight reconciles finish and no new item is taken', async () => {
    const { queue } = setup();
    const ac = new AbortController();
    const started: string[] = [];
    let finish: (() => void) | undefined;
    let stopped = false;
    const run = runController({
      queue,
      workers: 1,
      signal: ac.signal,
      reconcile: async (item) => {
        started.push(item);
        await new Promise<void>((r) => {
          finish = r;
        });
        return Action.awaitChange();
      },
    }).then(() => {
      stopped = true;
    });
    queue.add('first');
    queue.add('second');
    await waitFor(() => started.length === 1, 'first started');
    ac.abort();
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    finish?.();
    await run;
    expect(started).toEqual(['first']);
  });

  it('Action.requeue validates its delay', () => {
    expect(() => Action.requeue(-1)).toThrow(RangeError);
    expect(Action.requeue(0).requeueAfterMs).toBe(0);
    expect(Action.awaitChange().requeueAfterMs).toBeUndefined();
  });
});
