// The prom-client MetricsProvider: client-go metric names, per-queue labels, and the global provider switch.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  metricsProvider,
  noopMetricsProvider,
  PrometheusMetricsProvider,
  setMetricsProvider,
} from '../../../runtime/metrics/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { WorkQueue } from '../../../runtime/workqueue/index.js';

describe('PrometheusMetricsProvider', () => {
  it('the prom-client provider exposes client-go metric names', async () => {
    const registry = new Registry();
    const clock = new FakeClock();
    const q = new WorkQueue<string>({
      name: 'pq',
      metricsProvider: new PrometheusMetricsProvider({ registry }),
      clock,
    });
    q.add('a');
    q.add('b');
    await clock.advance(2);
    q.done(q.tryGet() as string);
    const text = await registry.metrics();
    expect(text).toContain('workqueue_adds_total{name="pq"} 2');
    expect(text).toContain('workqueue_depth{name="pq"} 1');
    expect(text).toContain('workqueue_queue_duration_seconds_count{name="pq"} 1');
    expect(text).toContain('workqueue_work_duration_seconds_count{name="pq"} 1');
    q.shutDown();
  });

  it('queues created after setMetricsProvider use the new global provider', async () => {
    const registry = new Registry();
    const prev = setMetricsProvider(new PrometheusMetricsProvider({ registry, prefix: 'wq' }));
    try {
      const q = new WorkQueue<string>({ name: 'global', clock: new FakeClock() });
      q.add('a');
      expect(await registry.metrics()).toContain('wq_adds_total{name="global"} 1');
      q.shutDown();
    } finally {
      setMetricsProvider(prev);
    }
    expect(metricsProvider()).toBe(noopMetricsProvider);
  });
});
