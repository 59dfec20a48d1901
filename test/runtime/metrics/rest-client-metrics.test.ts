// REST client metrics under client-go's names: every RestClient reports once registerRestClientMetrics installed the observer.
import { type MetricValue, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRestClientMetrics } from '../../../runtime/metrics/rest-client-metrics.js';
import { requestObserver, setRequestObserver } from '../../../runtime/rest/request-observer.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { driveClock } from '../rest/drive-clock.js';
import { type LocalServer, sendJson, startLocalServer } from '../rest/local-server.js';

/** A histogram's values also carry the series name (`_bucket`, `_sum`, `_count`), which prom-client's type omits. */
type SeriesValue = MetricValue<string> & { metricName?: string };
function histogramValues(m: { values: MetricValue<string>[] } | undefined): SeriesValue[] {
  return m?.values ?? [];
}

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  setRequestObserver(undefined);
  await rest?.close();
  await server?.close();
  rest = undefined;
  server = undefined;
});

describe('registerRestClientMetrics', () => {
  it('counts requests by code, method and host, retries by the code retried, and latency by verb and host', async () => {
    const registry = new Registry();
    const metrics = registerRestClientMetrics({ registry });
    const clock = new FakeClock();
    let n = 0;
    server = await startLocalServer((req, res) => {
      void clock.advance(req.method === 'GET' ? 300 : 20).then(() => {
        if (req.method === 'GET' && n++ === 0) {
          sendJson(res, 503, { kind: 'Status', code: 503 }, { 'retry-after': '1' });
        } else if (req.url.includes('missing')) {
          sendJson(res, 404, { kind: 'Status', code: 404, reason: 'NotFound' });
        } else {
          sendJson(res, 200, { kind: 'ConfigMap' });
        }
      });
    });
    // Created after registration with no wiring: the global observer reaches it.
    rest = new RestClient({ host: server.url, qps: -1 }, { clock });
    await driveClock(clock, rest.request({ method: 'GET', path: '/api/v1/namespaces/a/configmaps/x' }));
    await rest.request({ method: 'POST', path: '/api/v1/namespaces/a/configmaps', body: {} });
    await rest.request({ method: 'DELETE', path: '/api/v1/namespaces/a/configmaps/missing' }).catch(() => undefined);
    const host = new URL(server.url).host;
    const values = async (name: string) => histogramValues(await registry.getSingleMetric(name)?.get());

    const requests = await values('rest_client_requests_total');
    expect(requests.map((v) => [v.labels, v.value])).toEqual(
      expect.arrayContaining([
        [{ code: '503', method: 'GET', host }, 1],
        [{ code: '200', method: 'GET', host }, 1],
        [{ code: '200', method: 'POST', host }, 1],
        [{ code: '404', method: 'DELETE', host }, 1],
      ]),
    );
    expect(requests).toHaveLength(4);
    expect((await values('rest_client_request_retries_total')).map((v) => [v.labels, v.value])).toEqual([
      [{ code: '503', verb: 'GET', host }, 1],
    ]);
    const latency = await values('rest_client_request_duration_seconds');
    const sum = (verb: string) =>
      latency.find((v) => v.metricName === 'rest_client_request_duration_seconds_sum' && v.labels.verb === verb)?.value;
    expect(sum('GET')).toBeCloseTo(0.6);
    expect(sum('POST')).toBeCloseTo(0.02);
    const bucket = latency.find(
      (v) =>
        v.metricName === 'rest_client_request_duration_seconds_bucket' &&
        v.labels.verb === 'GET' &&
        v.labels.le === 0.25,
    );
    expect(bucket?.value).toBe(0);
    expect(await registry.metrics()).toContain(
      `rest_client_requests_total{code="404",method="DELETE",host="${host}"} 1`,
    );

    metrics.uninstall();
    expect(requestObserver()).toBeUndefined();
    await rest.request({ method: 'POST', path: '/api/v1/namespaces/a/configmaps', body: {} });
    expect((await values('rest_client_requests_total')).find((v) => v.labels.method === 'POST')?.value).toBe(1);
  });

  it('can be called again on the same registry, and restores the previous observer on uninstall', async () => {
    const registry = new Registry();
    const first = registerRestClientMetrics({ registry });
    const second = registerRestClientMetrics({ registry });
    expect(requestObserver()).toBe(second.observer);
    second.uninstall();
    expect(requestObserver()).toBe(first.observer);
    first.uninstall();
    expect(requestObserver()).toBeUndefined();
  });

  it('counts a watch but leaves it out of the latency histogram', async () => {
    const registry = new Registry();
    registerRestClientMetrics({ registry });
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end();
    });
    rest = new RestClient({ host: server.url });
    for await (const _ of await rest.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: true } })) {
      // drain
    }
    const requests = (await registry.getSingleMetric('rest_client_requests_total')?.get())?.values ?? [];
    expect(requests.map((v) => v.value)).toEqual([1]);
    const latency = histogramValues(await registry.getSingleMetric('rest_client_request_duration_seconds')?.get());
    expect(latency.filter((v) => v.metricName?.endsWith('_count'))).toEqual([]);
  });
});
