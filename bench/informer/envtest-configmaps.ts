// Part (b) of informer.bench.ts: envtest with 10,000 ConfigMaps; per implementation, time to sync and time to
// observe 5,000 updates. The updates are written by this process (merge patches, 32 in flight, unlimited QPS) as
// soon as the child reports it has synced, so every implementation sees the same write stream.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubernetesObject, ObjectMeta } from '../../runtime/api/meta.js';
import { loadKubeconfig, ResourceClient, RestClient } from '../../runtime/rest/index.js';
import { startEnvtest } from '../../runtime/testing/index.js';
import { type Metric, median, round } from '../harness.js';
import { goBenchAvailable, runGoBench } from '../support/go-bench.js';
import { runNodeChild } from '../support/node-child.js';
import type { InformerRunResult } from './measure.js';

interface ConfigMap extends KubernetesObject {
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

/** Options of {@link envtestConfigMapMetrics}. */
export interface EnvtestConfigMapOptions {
  /** @default 10000 */
  objects?: number;
  /** @default 5000 */
  updates?: number;
  /** @default 5 */
  runs?: number;
}

async function inParallel(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        await fn(next++);
      }
    }),
  );
}

type Impl = 'kgen' | 'client-node' | 'client-go';

/** Runs part (b) and returns its metric rows. */
export async function envtestConfigMapMetrics(options: EnvtestConfigMapOptions = {}): Promise<Metric[]> {
  const objects = options.objects ?? 10_000;
  const updates = options.updates ?? 5_000;
  const runs = options.runs ?? 5;
  const env = await startEnvtest();
  const coordinator = createServer();
  try {
    const { config } = loadKubeconfig({ kubeconfig: env.kubeconfigPath });
    const rest = new RestClient({ ...config, qps: -1 });
    const namespace = 'bench-informer';
    await new ResourceClient<KubernetesObject>({
      rest,
      gvr: { group: '', version: 'v1', resource: 'namespaces' },
      namespaced: false,
    }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } as KubernetesObject);
    const cms = new ResourceClient<ConfigMap>({
      rest,
      gvr: { group: '', version: 'v1', resource: 'configmaps' },
      namespaced: true,
      namespace,
    });
    await inParallel(objects, 32, (i) =>
      cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { v: '0' } }),
    );
    let round_ = 0;
    let writing: Promise<void> = Promise.resolve();
    coordinator.on('request', (_req, res) => {
      round_++;
      const value = String(round_);
      writing = inParallel(updates, 32, (i) => cms.patch(`cm-${i}`, 'merge', { data: { v: value } }));
      res.end('{}');
    });
    await new Promise<void>((r) => coordinator.listen(0, '127.0.0.1', r));
    const notify = `http://127.0.0.1:${(coordinator.address() as AddressInfo).port}/synced`;
    const common = ['--kubeconfig', env.kubeconfigPath, '--namespace', namespace, '--notify', notify];
    const counts = ['--expect', String(objects + updates), '--objects', String(objects)];
    const impls: Impl[] = ['kgen', 'client-node', ...(goBenchAvailable() ? (['client-go'] as const) : [])];
    const results = new Map<Impl, InformerRunResult[]>();
    for (let r = 0; r < runs; r++) {
      for (const impl of impls) {
        const res =
          impl === 'client-go'
            ? await runGoBench<InformerRunResult>('informer-replay', [...common, ...counts])
            : await runNodeChild<InformerRunResult>(new URL('./envtest-child.ts', import.meta.url), [
                '--impl',
                impl,
                ...common,
                ...counts,
              ]);
        await writing;
        results.set(impl, [...(results.get(impl) ?? []), res]);
      }
    }
    const sync = (impl: Impl): number => median((results.get(impl) ?? []).map((x) => x.syncSeconds));
    const observe = (impl: Impl): number => median((results.get(impl) ?? []).map((x) => x.seconds - x.syncSeconds));
    const at = `envtest, ${objects / 1000}k ConfigMaps`;
    const metrics: Metric[] = [
      { name: `time to sync (${at})`, value: round(sync('kgen'), 2), unit: 's' },
      { name: `time to observe ${updates} updates (${at})`, value: round(observe('kgen'), 2), unit: 's' },
    ];
    for (const base of impls.filter((i) => i !== 'kgen')) {
      metrics.push(
        {
          name: `time to sync vs ${base} (${at})`,
          value: round(sync(base), 2),
          unit: 's (baseline)',
          baseline: base,
          ratio: round(sync(base) / sync('kgen'), 2),
          target: 'ratio >= 1 (kgen faster)',
        },
        {
          name: `time to observe ${updates} updates vs ${base} (${at})`,
          value: round(observe(base), 2),
          unit: 's (baseline)',
          baseline: base,
          ratio: round(observe(base) / observe('kgen'), 2),
          target: 'ratio >= 1 (bounded by the writer)',
        },
      );
    }
    return metrics;
  } finally {
    coordinator.close();
    await env.stop();
  }
}
