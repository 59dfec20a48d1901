// An informer whose watches get garbage, truncated JSON and a 100 MB line keeps running and catches up once the server behaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { SharedIndexInformer } from '../../../runtime/cache/shared-index-informer.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { captureLogs } from '../../support/capture-logger.js';
import { type MisbehavingApiserver, namespace, startMisbehavingApiserver } from './misbehaving-apiserver.js';

const logs = captureLogs();
let api: MisbehavingApiserver;
let rest: RestClient;

beforeAll(async () => {
  api = await startMisbehavingApiserver();
  rest = new RestClient({ host: api.url, qps: -1 });
});
afterAll(async () => {
  await rest.close();
  await api.close();
});

describe('an informer over a misbehaving watch', () => {
  it('recovers from garbage, truncated JSON and a 100 MB line, and then delivers new objects', async () => {
    api.plan.push('garbage', 'truncated', 'huge', 'garbage');
    const configMaps = new ResourceClient<KubernetesObject>({
      rest,
      gvr: { group: '', version: 'v1', resource: 'configmaps' },
      namespaced: true,
      namespace,
    });
    const informer = new SharedIndexInformer<KubernetesObject>({
      listerWatcher: configMaps,
      name: 'configmaps',
      useWatchList: false,
      // Short and constant, so the test goes through its four bad watches quickly; the schedule itself is tested elsewhere.
      backoff: { durationMs: 10, factor: 1, jitter: 0, steps: 1, capMs: 0 },
    });
    const added: string[] = [];
    let sawB: () => void = () => {};
    const bArrived = new Promise<void>((resolve) => {
      sawB = resolve;
    });
    informer.addEventHandler({
      onAdd: (o) => {
        added.push(o.metadata?.name ?? '');
        if (o.metadata?.name === 'b') {
          sawB();
        }
      },
    });
    const ac = new AbortController();
    const running = informer.run(ac.signal);
    try {
      // The first good watch is the fifth one; an object created after it opened arrives through it.
      while (api.watches.filter((w) => w.behaviour === 'good').length === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      api.addConfigMap('b');
      await bArrived;
    } finally {
      ac.abort();
      await running;
    }
    await api.allClosed();
    const keys = informer.getIndexer().listKeys().sort();
    const h = informer.health();
    // Each bad watch was reported (not dropped silently) with the decoder's coded error.
    const watchErrors = logs.filter((l) => l.level === 'warn' && /WatchDecodeError/.test(String(l.fields?.err)));
    console.log(
      `watch-informer-recovery: ${api.watches.length} watches (${api.watches.map((w) => w.behaviour).join(', ')}), ${api.lists} lists, ${h.watchRestarts} watch restarts, ${h.relists} relists, ${watchErrors.length} watch errors logged`,
    );
    expect(keys).toEqual([`${namespace}/a`, `${namespace}/b`]);
    expect(added).toEqual(['a', 'b']);
    expect(api.watches.map((w) => w.behaviour)).toEqual(['garbage', 'truncated', 'huge', 'garbage', 'good']);
    // The huge line was cut off at the client's limit, not read to its end.
    expect(api.watches[2]?.written).toBeLessThan(50e6);
    expect(watchErrors).toHaveLength(4);
    expect(h.watchRestarts).toBeGreaterThanOrEqual(4);
    expect(informer.hasSynced()).toBe(true);
  });
});
