// Child process of memory.bench.ts: one kgen Pod informer through initial sync, steady churn and a forced relist,
// printing retained heap (after full GCs) and sampled peak heap for each phase as one JSON line.
import type { KubernetesObject, ObjectMeta } from '../../runtime/api/meta.js';
import { SharedIndexInformer, waitForCacheSync } from '../../runtime/cache/index.js';
import { ResourceClient, RestClient } from '../../runtime/rest/index.js';
import { liveHeapBytes } from '../informer/measure.js';

interface Pod extends KubernetesObject {
  metadata: ObjectMeta;
}

/** Heap figures of one phase, in bytes, relative to the heap before the informer existed. */
export interface PhaseHeap {
  retained: number;
  peak: number;
}

export interface MemoryRunResult {
  init: PhaseHeap;
  churn: PhaseHeap;
  relist: PhaseHeap;
  objects: number;
}

interface ServerStats {
  lists: number;
  size: number;
  snapshotResourceVersion: string;
  lastResourceVersion: string;
}

const server = process.argv[process.argv.indexOf('--server') + 1] as string;
const updates = Number(process.argv[process.argv.indexOf('--updates') + 1]);
const deletes = Number(process.argv[process.argv.indexOf('--deletes') + 1]);

async function control(path: string): Promise<ServerStats> {
  const res = await fetch(`${server}/control/${path}`, { method: 'POST' });
  return (await res.json()) as ServerStats;
}

// Samples heapUsed every 5 ms: a lower bound of the true peak, steady enough to compare runs of the same code.
class PeakSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().heapUsed);
    }, 5);
  }
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage().heapUsed);
  }
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 300_000;
  while (!cond()) {
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

// Retained means what stays once delivery is over: wait until no event has arrived for 250 ms. A phase's last
// condition can hold while notifications are still queued (a second relist, say, behind the first), and each queued
// update holds its old object: measured then, the heap shows two caches.
async function settled(): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (let seen = events; ; seen = events) {
    await new Promise((r) => setTimeout(r, 250));
    if (events === seen || performance.now() > deadline) {
      return;
    }
  }
}

const base = liveHeapBytes();
const rest = new RestClient({ host: server, qps: -1 });
const pods = new ResourceClient<Pod>({ rest, gvr: { group: '', version: 'v1', resource: 'pods' }, namespaced: true });
const informer = new SharedIndexInformer<Pod>({ listerWatcher: pods, useWatchList: false });
let events = 0;
const count = (): void => {
  events++;
};
informer.addEventHandler({ onAdd: count, onUpdate: count, onDelete: count });
const ac = new AbortController();

let sampler = new PeakSampler();
const running = informer.run(ac.signal);
await waitForCacheSync(ac.signal, informer);
await settled();
const init: PhaseHeap = { peak: sampler.stop() - base, retained: liveHeapBytes() - base };

sampler = new PeakSampler();
const before = events;
const afterChurn = await control(`churn?updates=${updates}&deletes=${deletes}`);
await until(() => events - before >= updates + deletes, 'churn events');
await until(() => informer.lastSyncResourceVersion() === afterChurn.lastResourceVersion, 'churn resourceVersion');
await settled();
const churn: PhaseHeap = { peak: sampler.stop() - base, retained: liveHeapBytes() - base };

sampler = new PeakSampler();
const beforeRelist = events;
const expired = await control('expire');
await until(() => informer.lastSyncResourceVersion() === expired.snapshotResourceVersion, 'relist');
// The reflector records the new resourceVersion as soon as the list is queued; until the queue drains, both the old
// cache and the queued list are alive. Every listed object reaches the handlers (as an update or an add), so wait
// for that many events before measuring what is retained.
await until(() => events - beforeRelist >= expired.size, 'relist events');
await settled();
const relist: PhaseHeap = { peak: sampler.stop() - base, retained: liveHeapBytes() - base };
// 18 list pages per relist of 9,000 Pods: more says the informer relisted more than once (see settled()).
console.error(`kgen memory: ${(await control('stats')).lists - expired.lists} list requests in the relist phase`);
const objects = informer.getStore().listKeys().length;
ac.abort();
await running;
if (objects !== expired.size) {
  throw new Error(`cache holds ${objects} objects after relist, the server ${expired.size}`);
}
const result: MemoryRunResult = { init, churn, relist, objects };
console.log(JSON.stringify(result));
