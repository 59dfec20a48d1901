// Child process: kgen's SharedIndexInformer (runtime/cache) over a ResourceClient (runtime/rest) against the replay server.
import type { KubernetesObject, ObjectMeta } from '../../runtime/api/meta.js';
import { SharedIndexInformer, waitForCacheSync } from '../../runtime/cache/index.js';
import { ResourceClient, RestClient } from '../../runtime/rest/index.js';
import {
  cpuSecondsSince,
  eventCounter,
  type InformerRunResult,
  liveHeapBytes,
  parseChildArgs,
  peakRssBytes,
} from './measure.js';

interface Pod extends KubernetesObject {
  metadata: ObjectMeta;
}

const args = parseChildArgs();
const before = liveHeapBytes();
const cpu0 = process.cpuUsage();
const rest = new RestClient({ host: args.server, qps: -1 });
const pods = new ResourceClient<Pod>({ rest, gvr: { group: '', version: 'v1', resource: 'pods' }, namespaced: true });
const informer = new SharedIndexInformer<Pod>({
  listerWatcher: pods,
  // The replay server speaks LIST + WATCH only, as client-node does; every implementation takes the same path.
  useWatchList: false,
  ...(args.stripManagedFields
    ? {
        // In place, as controller-runtime's TransformStripManagedFields does.
        transform: (obj: Pod) => {
          Reflect.deleteProperty(obj.metadata, 'managedFields');
          return obj;
        },
      }
    : {}),
});
const counter = eventCounter(args.expect, 600_000);
informer.addEventHandler({ onAdd: counter.count, onUpdate: counter.count, onDelete: counter.count });
const ac = new AbortController();
const t0 = performance.now();
const running = informer.run(ac.signal);
await waitForCacheSync(ac.signal, informer);
const syncSeconds = (performance.now() - t0) / 1000;
await counter.done;
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = cpuSecondsSince(cpu0);
const cachedObjects = informer.getStore().listKeys().length;
const heapBytes = liveHeapBytes() - before;
ac.abort();
await running;
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
