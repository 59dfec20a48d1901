// `npm run bench -- requests [--quick]`: sequential create, get and update of ConfigMaps, and gets with 16 in
// flight, at unlimited QPS against envtest (a real kube-apiserver + etcd on loopback) for kgen, client-node and
// client-go. ratio = kgen requests/s ÷ baseline requests/s (above 1: kgen faster). The apiserver shares the two
// cores with the client, so these figures include server time; the ratio shows client overhead.
import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import type { KubernetesObject, ObjectMeta } from '../runtime/api/meta.js';
import { loadKubeconfig, ResourceClient, RestClient } from '../runtime/rest/index.js';
import { startEnvtest } from '../runtime/testing/index.js';
import { type Metric, median, parseBenchArgs, report, round } from './harness.js';
import { goBenchAvailable, runGoBench } from './support/go-bench.js';

const { quick } = parseBenchArgs();
const runs = quick ? 1 : 5;
const count = quick ? 100 : 300;
const parallel = 16;

interface ConfigMap extends KubernetesObject {
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

interface Rates {
  createPerSec: number;
  getPerSec: number;
  updatePerSec: number;
  parallelGetPerSec: number;
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await fn(i);
  }
  return n / ((performance.now() - t) / 1000);
}

async function timedParallel(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        await fn(next++);
      }
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

async function kgenRun(kubeconfig: string, namespace: string, prefix: string): Promise<Rates> {
  const { config } = loadKubeconfig({ kubeconfig });
  const rest = new RestClient({ ...config, qps: -1 });
  const cms = new ResourceClient<ConfigMap>({
    rest,
    gvr: { group: '', version: 'v1', resource: 'configmaps' },
    namespaced: true,
    namespace,
  });
  const name = (i: number): string => `${prefix}-${i}`;
  const createPerSec = await timed(count, (i) =>
    cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name(i) }, data: { k: 'v' } }),
  );
  const got: ConfigMap[] = [];
  const getPerSec = await timed(count, async (i) => {
    got[i] = await cms.get(name(i));
  });
  const updatePerSec = await timed(count, (i) => {
    const cm = got[i] as ConfigMap;
    return cms.update({ ...cm, data: { k: 'updated' } });
  });
  const parallelGetPerSec = await timedParallel(count, parallel, (i) => cms.get(name(i)));
  return { createPerSec, getPerSec, updatePerSec, parallelGetPerSec };
}

async function clientNodeRun(kubeconfig: string, namespace: string, prefix: string): Promise<Rates> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const api = kc.makeApiClient(CoreV1Api);
  const name = (i: number): string => `${prefix}-${i}`;
  const createPerSec = await timed(count, (i) =>
    api.createNamespacedConfigMap({ namespace, body: { metadata: { name: name(i) }, data: { k: 'v' } } }),
  );
  const got: V1ConfigMap[] = [];
  const getPerSec = await timed(count, async (i) => {
    got[i] = await api.readNamespacedConfigMap({ name: name(i), namespace });
  });
  const updatePerSec = await timed(count, (i) => {
    const cm = got[i] as V1ConfigMap;
    return api.replaceNamespacedConfigMap({ name: name(i), namespace, body: { ...cm, data: { k: 'updated' } } });
  });
  const parallelGetPerSec = await timedParallel(count, parallel, (i) =>
    api.readNamespacedConfigMap({ name: name(i), namespace }),
  );
  return { createPerSec, getPerSec, updatePerSec, parallelGetPerSec };
}

const env = await startEnvtest();
try {
  const { config } = loadKubeconfig({ kubeconfig: env.kubeconfigPath });
  const admin = new RestClient({ ...config, qps: -1 });
  const namespaces = new ResourceClient<KubernetesObject>({
    rest: admin,
    gvr: { group: '', version: 'v1', resource: 'namespaces' },
    namespaced: false,
  });
  const haveGo = goBenchAvailable();
  const all: Record<'kgen' | 'client-node' | 'client-go' | 'client-go-http1', Rates[]> = {
    kgen: [],
    'client-node': [],
    'client-go': [],
    'client-go-http1': [],
  };
  // Interleaved runs, each in a fresh namespace so every create starts from the same store size.
  for (let r = 0; r < runs; r++) {
    const ns = `bench-requests-${r}`;
    await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubernetesObject);
    all.kgen.push(await kgenRun(env.kubeconfigPath, ns, 'kgen'));
    all['client-node'].push(await clientNodeRun(env.kubeconfigPath, ns, 'node'));
    if (haveGo) {
      const goRun = (prefix: string, ...flags: string[]) =>
        runGoBench<Rates>('requests', [
          ...['--kubeconfig', env.kubeconfigPath, '--namespace', ns, '--count', String(count)],
          ...['--parallel', String(parallel), '--prefix', prefix, ...flags],
        ]);
      all['client-go'].push(await goRun('go'));
      // client-go negotiates HTTP/2 and multiplexes every request on one connection; kgen speaks HTTP/1.1 (one
      // request per pooled connection). The same program held to HTTP/1.1 shows how much of a gap is the protocol.
      all['client-go-http1'].push(await goRun('go1', '--http1'));
    }
  }
  const med = (impl: keyof typeof all, k: keyof Rates): number => median(all[impl].map((x) => x[k]));
  const metrics: Metric[] = [];
  const verbs: [keyof Rates, string][] = [
    ['createPerSec', 'create'],
    ['getPerSec', 'get'],
    ['updatePerSec', 'update'],
    ['parallelGetPerSec', `get, ${parallel} in flight`],
  ];
  for (const [k, label] of verbs) {
    const kg = med('kgen', k);
    metrics.push({ name: `${label} (ConfigMap, ${count} requests)`, value: round(kg, 0), unit: 'requests/s' });
    const cn = med('client-node', k);
    metrics.push({
      name: `${label} vs client-node`,
      value: round(cn, 0),
      unit: 'requests/s (baseline)',
      baseline: 'client-node',
      ratio: round(kg / cn, 2),
      target: 'ratio >= 1',
    });
    if (haveGo) {
      const cg = med('client-go', k);
      metrics.push({
        name: `${label} vs client-go`,
        value: round(cg, 0),
        unit: 'requests/s (baseline)',
        baseline: 'client-go',
        ratio: round(kg / cg, 2),
      });
      const cg1 = med('client-go-http1', k);
      metrics.push({
        name: `${label} vs client-go over HTTP/1.1`,
        value: round(cg1, 0),
        unit: 'requests/s (baseline)',
        baseline: 'client-go',
        ratio: round(kg / cg1, 2),
      });
    }
  }
  report({ bench: 'requests', metrics });
} finally {
  await env.stop();
}
