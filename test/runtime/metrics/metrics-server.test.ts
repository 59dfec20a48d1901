// The controller endpoints: /metrics renders the registry, /healthz and /readyz follow their callbacks.
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { SharedIndexInformer } from '../../../runtime/cache/index.js';
import { type MetricsServer, registerInformerMetrics, startMetricsServer } from '../../../runtime/metrics/index.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${server?.port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe('startMetricsServer', () => {
  it('serves the registry on /metrics and 404 elsewhere', async () => {
    const registry = new Registry();
    new Counter({ name: 'example_reconciles_total', help: 'reconciles', registers: [registry] }).inc(3);
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', registry });
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('example_reconciles_total 3');
    expect((await get('/nope')).status).toBe(404);
  });

  it('answers /readyz 503 until ready and /healthz from its own callback', async () => {
    let ready = false;
    let healthy = true;
    server = await startMetricsServer({
      port: 0,
      host: '127.0.0.1',
      registry: new Registry(),
      ready: () => ready,
      healthy: () => healthy,
    });
    expect(await get('/readyz')).toEqual({ status: 503, body: 'not ready' });
    ready = true;
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ok' });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok' });
    healthy = false;
    expect((await get('/healthz')).status).toBe(503);
  });

  it('stops listening when its signal aborts', async () => {
    const stop = new AbortController();
    const s = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: new Registry() }, stop.signal);
    server = s;
    expect((await get('/healthz')).status).toBe(200);
    stop.abort();
    await s.close();
    await expect(fetch(`http://127.0.0.1:${s.port}/healthz`)).rejects.toThrow();
  });

  it('closes at once when its signal aborted before it was listening', async () => {
    const s = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: new Registry() }, AbortSignal.abort());
    server = s;
    expect(s.port).toBeGreaterThan(0);
    await s.close();
    await expect(fetch(`http://127.0.0.1:${s.port}/healthz`)).rejects.toThrow();
  });
});

describe('registerInformerMetrics', () => {
  it('reports cache size and sync state when scraped', async () => {
    const registry = new Registry();
    const informer = new SharedIndexInformer<KubernetesObject>({
      name: 'configmaps',
      listerWatcher: {
        list: async () => ({ metadata: { resourceVersion: '1' }, items: [] }),
        watch: async () => {
          throw new Error('unused');
        },
      },
    });
    informer.getIndexer().add({ metadata: { name: 'a', namespace: 'ns' } });
    informer.getIndexer().add({ metadata: { name: 'b', namespace: 'ns' } });
    registerInformerMetrics({ configmaps: informer }, registry);
    const text = await registry.metrics();
    expect(text).toContain('kgen_informer_cached_objects{informer="configmaps"} 2');
    expect(text).toContain('kgen_informer_synced{informer="configmaps"} 0');
  });
});
