// Child process of informer.bench.ts part (b): a ConfigMap informer (kgen or client-node, by --impl) against envtest.
// Syncs, POSTs --notify so the benchmark starts its updates, and exits once --expect events were observed.
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import type { KubernetesObject, ObjectMeta } from '../../runtime/api/meta.js';
import { SharedIndexInformer, waitForCacheSync } from '../../runtime/cache/index.js';
import { loadKubeconfig, ResourceClient, RestClient } from '../../runtime/rest/index.js';
import { cpuSecondsSince, eventCounter, type InformerRunResult, liveHeapBytes, peakRssBytes } from './measure.js';

interface ConfigMap extends KubernetesObject {
  metadata: ObjectMeta;
}

const flag = (name: string): string => process.argv[process.argv.indexOf(`--${name}`) + 1] as string;
const impl = flag('impl');
const kubeconfig = flag('kubeconfig');
const namespace = flag('namespace');
const notify = flag('notify');
const expect = Number(flag('expect'));
const objects = Number(flag('objects'));

// client-node reports its own stop() as an AbortError; only errors before that matter.
let stopping = false;
const before = liveHeapBytes();
const cpu0 = process.cpuUsage();
const counter = eventCounter(expect, 600_000);
const t0 = performance.now();
let cached: () => number;
let stop: () => Promise<void>;
if (impl === 'kgen') {
  const { config } = loadKubeconfig({ kubeconfig });
  const rest = new RestClient({ ...config, qps: -1 });
  const cms = new ResourceClient<ConfigMap>({
    rest,
    gvr: { group: '', version: 'v1', resource: 'configmaps' },
    namespaced: true,
    namespace,
  });
  const informer = new SharedIndexInformer<ConfigMap>({ listerWatcher: cms });
  informer.addEventHandler({ onAdd: counter.count, onUpdate: counter.count, onDelete: counter.count });
  const ac = new AbortController();
  const running = informer.run(ac.signal);
  await waitForCacheSync(ac.signal, informer);
  cached = () => informer.getStore().listKeys().length;
  stop = async () => {
    ac.abort();
    await running;
  };
} else {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const api = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1ConfigMap>(kc, `/api/v1/namespaces/${namespace}/configmaps`, () =>
    api.listNamespacedConfigMap({ namespace }),
  );
  informer.on('add', counter.count);
  informer.on('update', counter.count);
  informer.on('delete', counter.count);
  informer.on('error', (e: unknown) => {
    if (!stopping) {
      console.error('client-node informer error', e);
    }
  });
  await informer.start();
  cached = () => informer.list().length;
  stop = () => {
    stopping = true;
    return informer.stop();
  };
}
const syncSeconds = (performance.now() - t0) / 1000;
await fetch(notify, { method: 'POST' });
await counter.done;
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = cpuSecondsSince(cpu0);
const cachedObjects = cached();
const heapBytes = liveHeapBytes() - before;
await stop();
if (cachedObjects !== objects) {
  throw new Error(`cache holds ${cachedObjects} objects, expected ${objects}`);
}
const result: InformerRunResult = {
  events: counter.seen(),
  seconds,
  syncSeconds,
  cpuSeconds,
  peakRssBytes: peakRssBytes(),
  heapBytes,
  cachedObjects,
  heapBytesPerObject: heapBytes / cachedObjects,
};
console.log(JSON.stringify(result));
process.exit(0);
