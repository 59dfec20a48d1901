// Case 72: exact metric values on a FakeClock, no updates after shutdown, and parallelizeUntil.
import { describe, expect, it } from 'vitest';
import type { MetricsProvider } from '../../../runtime/metrics/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { parallelizeUntil, RateLimitingQueue, WorkQueue } from '../../../runtime/workqueue/index.js';

class RecordingProvider implements MetricsProvider {
  depth = 0;
  adds = 0;
  retries = 0;
  latencies: number[] = [];
  durations: number[] = [];
  unfinished = 0;
  longest = 0;
  updates = 0;
  newDepthMetric() {
    return { inc: () => this.depth++, dec: () => this.depth-- };
  }
  newAddsMetric() {
    return { inc: () => this.adds++ };
  }
  newLatencyMetric() {
    return { observe: (s: number) => this.latencies.push(s) };
  }
  newWorkDurationMetric() {
    return { observe: (s: number) => this.durations.push(s) };
  }
  newUnfinishedWorkSecondsMetric() {
    return {
      set: (v: number) => {
        this.unfinished = v;
        this.updates++;
      },
    };
  }
  newLongestRunningProcessorSecondsMetric() {
    return { set: (v: number) => (this.longest = v) };
  }
  newRetriesMetric() {
    return { inc: () => this.retries++ };
  }
}

describe('workqueue metrics (case 72)', () => {
  it('TestMetrics: depth, adds, latency, work duration, unfinished work and longest processor', async () => {
    const clock = new FakeClock();
    const m = new RecordingProvider();
    const q = new WorkQueue<string>({ name: 'test', metricsProvider: m, clock });
    q.add('foo');
    expect(m.adds).toBe(1);
    expect(m.depth).toBe(1);
    await clock.advance(1);
    const foo = q.tryGet() as string;
    expect(m.depth).toBe(0);
    expect(m.latencies).toEqual([0.001]);
    // An add while processing counts as an add and as depth, though the item is not pushed yet.
    q.add('foo');
    expect(m.adds).toBe(2);
    expect(m.depth).toBe(1);
    await clock.advance(499); // the 500 ms refresh fires
    expect(m.unfinished).toBeCloseTo(0.499);
    expect(m.longest).toBeCloseTo(0.499);
    q.done(foo);
    expect(m.durations).toEqual([0.499]);
    expect(m.depth).toBe(1);
    await clock.advance(1);
    q.tryGet();
    expect(m.depth).toBe(0);
    // The re-add was first seen 500 ms ago, at the add while processing.
    expect(m.latencies[1]).toBeCloseTo(0.5);
    q.shutDown();
  });

  it('counts retries on every addAfter, and the rate-limiting queue through it', () => {
    const clock = new FakeClock();
    const m = new RecordingProvider();
    const q = new RateLimitingQueue<string>({ name: 'r', metricsProvider: m, clock });
    q.addAfter('a', 10);
    q.addRateLimited('b');
    q.addAfter('c', 0);
    expect(m.retries).toBe(3);
    q.shutDown();
  });

  it('TestMetricShutdown: no metric updates after shutdown', async () => {
    const clock = new FakeClock();
    const m = new RecordingProvider();
    const q = new WorkQueue<string>({ name: 'test', metricsProvider: m, clock });
    q.add('a');
    q.tryGet();
    await clock.advance(1000);
    const updates = m.updates;
    expect(updates).toBeGreaterThan(0);
    q.shutDown();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(5000);
    expect(m.updates).toBe(updates);
  });

  it('unnamed queues record nothing', () => {
    const m = new RecordingProvider();
    const q = new WorkQueue<string>({ metricsProvider: m, clock: new FakeClock() });
    q.add('a');
    expect(m.adds).toBe(0);
  });
});

describe('parallelizeUntil (case 72)', () => {
  it('runs each piece exactly once with bounded concurrency', async () => {
    const counts = new Array<number>(1000).fill(0);
    let inFlight = 0;
    let maxInFlight = 0;
    await parallelizeUntil(
      4,
      1000,
      async (p) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        counts[p] = (counts[p] ?? 0) + 1;
        await Promise.resolve();
        inFlight--;
      },
      { chunkSize: 7 },
    );
    expect(counts.every((c) => c === 1)).toBe(true);
    expect(maxInFlight).toBe(4);
  });

  it('stops handing out pieces once the signal aborts', async () => {
    const ac = new AbortController();
    let done = 0;
    await parallelizeUntil(
      2,
      100,
      async () => {
        done++;
        if (done === 10) {
          ac.abort();
        }
        await Promise.resolve();
      },
      {},
      ac.signal,
    );
    expect(done).toBeGreaterThanOrEqual(10);
    expect(done).toBeLessThan(100);
  });

  it('rejects with the first error', async () => {
    await expect(
      parallelizeUntil(3, 10, (p) => {
        if (p === 5) {
          throw new Error('piece 5');
        }
      }),
    ).rejects.toThrow('piece 5');
  });
});
