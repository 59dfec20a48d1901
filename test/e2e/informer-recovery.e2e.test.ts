// Issue 4 acceptance: an informer on 10,000 ConfigMaps recovers from API server restarts and from an etcd compaction
// past its resourceVersion while its watch was cut (410 -> relist -> tombstones), ending equal to a fresh LIST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCacheConsistency } from '../../runtime/cache/consistency-checker.js';
import { SharedIndexInformer } from '../../runtime/cache/shared-index-informer.js';
import type { ResourceClient } from '../../runtime/rest/resource-client.js';
import type { RestClient } from '../../runtime/rest/rest-client.js';
import { type Envtest, startEnvtest } from '../../runtime/testing/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import {
  type ConfigMap,
  configMaps,
  listedVersions,
  numberedNames,
  pollUntil,
  restClientFor,
  runPool,
} from './support/configmaps.js';
import { CountingListerWatcher } from './support/counting-lister-watcher.js';
import { DeliveryRecorder } from './support/delivery-recorder.js';

const OBJECTS = 10_000;
const NAMESPACES = 10;
const WRITERS = 32;
const CHANGES = 100;

interface Running {
  informer: SharedIndexInformer<ConfigMap>;
  recorder: DeliveryRecorder<ConfigMap>;
  lw: CountingListerWatcher<ConfigMap>;
  stop: () => Promise<void>;
}

describe('an informer on 10,000 ConfigMaps through API server restarts and an etcd compaction', () => {
  let env: Envtest;
  let proxy: FaultProxy;
  let direct: RestClient;
  let viaProxy: RestClient;
  let all: ResourceClient<ConfigMap>;
  let run: Running;
  const namespaces = numberedNames('recovery', NAMESPACES);
  // Names alive right now, per namespace, so each phase changes objects that exist.
  const alive: { ns: string; name: string }[] = [];
  let serial = 0;

  beforeAll(async () => {
    // Without the watch cache every watch is served by etcd, so a compaction expires old resourceVersions at once.
    env = await startEnvtest({ apiServerFlags: { 'watch-cache': 'false' } });
    proxy = await FaultProxy.start({ targetPort: Number(new URL(env.server).port) });
    direct = restClientFor(env.kubeconfigPath);
    viaProxy = restClientFor(env.kubeconfigPath, { host: proxy.proxiedUrl(env.server) });
    all = configMaps(direct);
    for (const ns of namespaces) {
      await direct.request({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      });
    }
    for (const ns of namespaces) {
      for (const name of numberedNames('seed', OBJECTS / NAMESPACES)) {
        alive.push({ ns, name });
      }
    }
    await runPool(alive, WRITERS, ({ ns, name }) =>
      configMaps(direct, ns).create({ metadata: { name }, data: { v: '0' } }),
    );

    const lw = new CountingListerWatcher<ConfigMap>(configMaps(viaProxy));
    const informer = new SharedIndexInformer<ConfigMap>({ listerWatcher: lw, name: 'configmaps-recovery' });
    const recorder = new DeliveryRecorder(informer);
    const ac = new AbortController();
    const done = informer.run(ac.signal);
    run = {
      informer,
      recorder,
      lw,
      stop: async () => {
        ac.abort();
        await done;
      },
    };
    await informer.synced;
    // kube-apiserver keeps a couple of ConfigMaps of its own in kube-system; the seeded ones are all there.
    const seeded = informer
      .getStore()
      .list()
      .filter((c) => namespaces.includes(c.metadata?.namespace ?? ''));
    expect(seeded).toHaveLength(OBJECTS);
  }, 600_000);

  afterAll(async () => {
    await run?.stop();
    await viaProxy?.close();
    await direct?.close();
    await proxy?.close();
    await env?.stop();
  });

  /** Creates, updates and deletes CHANGES objects each (directly, not through the proxy); returns what to expect. */
  async function change(): Promise<{ present: Map<string, string>; deleted: Set<string> }> {
    const present = new Map<string, string>();
    const deleted = new Set<string>();
    const victims = alive.splice(0, CHANGES);
    const updates = alive.slice(0, CHANGES);
    const fresh = Array.from({ length: CHANGES }, (_, i) => ({
      ns: namespaces[i % NAMESPACES] as string,
      name: `new-${serial++}`,
    }));
    const ops: (() => Promise<void>)[] = [
      ...victims.map((o) => async () => {
        await configMaps(direct, o.ns).delete(o.name);
        deleted.add(`${o.ns}/${o.name}`);
      }),
      ...updates.map((o) => async () => {
        const c = await configMaps(direct, o.ns).patch(o.name, 'merge', { data: { v: String(serial) } });
        present.set(`${o.ns}/${o.name}`, c.metadata?.resourceVersion ?? '');
      }),
      ...fresh.map((o) => async () => {
        const c = await configMaps(direct, o.ns).create({ metadata: { name: o.name } });
        present.set(`${o.ns}/${o.name}`, c.metadata?.resourceVersion ?? '');
      }),
    ];
    await runPool(ops, WRITERS, (op) => op());
    alive.push(...fresh);
    return { present, deleted };
  }

  /** Waits until cache and handler reflect `expected`, then checks both against a fresh LIST. */
  async function converged(expected: { present: Map<string, string>; deleted: Set<string> }): Promise<void> {
    const store = run.informer.getStore();
    await pollUntil(
      () =>
        [...expected.present].every(([k, rv]) => store.getByKey(k)?.metadata?.resourceVersion === rv) &&
        [...expected.deleted].every((k) => store.getByKey(k) === undefined) &&
        run.recorder.undelivered(expected.deleted).length === 0,
      'the informer to converge',
      90_000,
    );
    const report = await checkCacheConsistency({ store, listerWatcher: all });
    expect({ missing: report.missing, extra: report.extra, differing: report.differing }).toEqual({
      missing: [],
      extra: [],
      differing: [],
    });
    expect(run.recorder.differsFrom(await listedVersions(all))).toEqual([]);
  }

  function figures(phase: string, startedAt: number): void {
    const h = run.informer.health();
    const lw = run.lw;
    console.log(
      `[informer recovery] ${phase}: converged ${(performance.now() - startedAt).toFixed(0)} ms after the fault; ` +
        `relists ${h.relists}, watch restarts ${h.watchRestarts}, LIST requests ${lw.lists} (${lw.fullLists} full), ` +
        `watches ${lw.watches}, 410s ${lw.failures.expired}, network failures ${JSON.stringify(lw.failures.network)}, ` +
        `deletes ${run.recorder.deletes}, tombstones ${run.recorder.tombstones}`,
    );
  }

  it.each([
    { how: 'SIGTERM', kill: false },
    { how: 'kill -9', kill: true },
  ])('converges after a kube-apiserver restart ($how)', async ({ kill }) => {
    const before = run.informer.health();
    const t0 = performance.now();
    await env.restartApiServer({ kill });
    const expected = await change();
    await converged(expected);
    const after = run.informer.health();
    // The watch was cut and reopened; whether a relist followed depends on what the starting server answered.
    expect(after.watchRestarts).toBeGreaterThan(before.watchRestarts);
    figures(`restart (${kill ? 'kill -9' : 'SIGTERM'})`, t0);
  });

  it('relists after an etcd compaction past its resourceVersion and delivers missed deletions as tombstones', async () => {
    const before = run.informer.health();
    const expiredBefore = run.lw.failures.expired;
    const tombstonesBefore = run.recorder.tombstones;
    const rvBefore = run.informer.lastSyncResourceVersion();
    // Cut the informer off: new connections are refused (it backs off and retries the watch), open ones reset.
    await proxy.stopListening();
    proxy.resetAll();
    const t0 = performance.now();
    const expected = await change();
    const { revision } = await env.compactEtcd();
    expect(revision).toBeGreaterThan(Number(rvBefore));
    await proxy.resumeListening();
    await converged(expected);

    const after = run.informer.health();
    expect(run.lw.failures.expired).toBeGreaterThan(expiredBefore);
    expect(after.relists).toBeGreaterThan(before.relists);
    // Deleted while the informer was cut off: only the relist could tell, so each arrived as a tombstone.
    expect([...expected.deleted].filter((k) => run.recorder.deleted.get(k) !== 'tombstone')).toEqual([]);
    expect(run.recorder.tombstones - tombstonesBefore).toBe(CHANGES);
    figures('compaction', t0);
  });
});
