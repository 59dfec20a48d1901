// Child process: @kubernetes/client-node's makeInformer (ListWatch) against the replay server, paging its LIST by 500.
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { benchNamespace } from '../support/bench-pod.js';
import {
  cpuSecondsSince,
  eventCounter,
  type InformerRunResult,
  liveHeapBytes,
  parseChildArgs,
  peakRssBytes,
} from './measure.js';

const args = parseChildArgs();
// client-node reports its own stop() as an AbortError; only errors before that matter.
let stopping = false;
const before = liveHeapBytes();
const cpu0 = process.cpuUsage();
const kc = new KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: 'replay', server: args.server, skipTLSVerify: true }],
  users: [{ name: 'anonymous' }],
  contexts: [{ name: 'replay', cluster: 'replay', user: 'anonymous' }],
  currentContext: 'replay',
});
const api = kc.makeApiClient(CoreV1Api);
// client-node's ListWatch does not paginate; a user with many objects writes this, and it keeps each
// response under V8's string limit, as the other two clients' 500-item pages do.
const listFn = async (): Promise<V1PodList> => {
  const items: V1Pod[] = [];
  let cont: string | undefined;
  let last: V1PodList;
  do {
    last = await api.listPodForAllNamespaces({ limit: 500, ...(cont !== undefined ? { _continue: cont } : {}) });
    for (const p of last.items) {
      if (args.stripManagedFields && p.metadata !== undefined) {
        Reflect.deleteProperty(p.metadata, 'managedFields');
      }
      items.push(p);
    }
    cont = last.metadata?._continue;
  } while (cont !== undefined && cont !== '');
  return { ...last, items };
};
const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', listFn);
const counter = eventCounter(args.expect, 600_000);
informer.on('add', counter.count);
informer.on('update', counter.count);
informer.on('delete', counter.count);
informer.on('error', (e: unknown) => {
  if (!stopping) {
    console.error('client-node informer error', e);
  }
});
const t0 = performance.now();
await informer.start();
const syncSeconds = (performance.now() - t0) / 1000;
await counter.done;
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = cpuSecondsSince(cpu0);
// list() with no namespace spreads each namespace's objects into one push() call, which overflows the stack at
// 150k objects (client-node 1.4); the replay serves one namespace, listed on its own.
const cachedObjects = informer.list(benchNamespace).length;
const heapBytes = liveHeapBytes() - before;
stopping = true;
await informer.stop();
if (cachedObjects !== args.objects) {
  throw new Error(`cache holds ${cachedObjects} objects, expected ${args.objects}`);
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
// client-node keeps its watch socket alive; the measurement is done.
process.exit(0);
