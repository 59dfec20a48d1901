// Issue 4 acceptance: an informer on 10,000 ConfigMaps across namespaces syncs and sees every live change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCacheConsistency } from '../../runtime/cache/consistency-checker.js';
import { SharedIndexInformer } from '../../runtime/cache/shared-index-informer.js';
import type { RestClient } from '../../runtime/rest/rest-client.js';
import {
  type ConfigMap,
  configMaps,
  listedVersions,
  numberedNames,
  pollUntil,
  restClientFor,
  runPool,
} from './support/configmaps.js';
import { DeliveryRecorder } from './support/delivery-recorder.js';
import { testEnv, uniqueNamespace } from './support/env.js';

const OBJECTS = 10_000;
const NAMESPACES = 10;
const WRITERS = 32;
// Changes made while the informer runs, of each kind.
const LIVE = 300;

describe('an informer on ConfigMaps across namespaces', () => {
  let rest: RestClient;
  const namespaces: string[] = [];

  beforeAll(async () => {
    rest = restClientFor(testEnv().kubeconfigPath);
    for (let i = 0; i < NAMESPACES; i++) {
      namespaces.push(await uniqueNamespace(`informer-${i}`));
    }
  });

  afterAll(async () => {
    await rest?.close();
  });

  it(`syncs ${OBJECTS} objects, then sees every create, update and delete made while it runs`, async () => {
    const perNs = OBJECTS / NAMESPACES;
    const seed = namespaces.flatMap((ns) => numberedNames('seed', perNs).map((name) => ({ ns, name })));
    const createStart = performance.now();
    await runPool(seed, WRITERS, ({ ns, name }) =>
      configMaps(rest, ns).create({ metadata: { name, labels: { set: 'seed' } }, data: { v: '0' } }),
    );
    const createMs = performance.now() - createStart;

    const all = configMaps(rest);
    const informer = new SharedIndexInformer<ConfigMap>({ listerWatcher: all, name: 'configmaps' });
    const recorder = new DeliveryRecorder(informer);
    const ac = new AbortController();
    const syncStart = performance.now();
    const running = informer.run(ac.signal);
    try {
      await informer.synced;
      const syncMs = performance.now() - syncStart;
      const cached = informer.getStore().list().length;
      expect(cached).toBeGreaterThanOrEqual(OBJECTS);
      const ours = informer
        .getStore()
        .list()
        .filter((c) => namespaces.includes(c.metadata?.namespace ?? ''));
      expect(ours).toHaveLength(OBJECTS);
      expect(informer.getIndexer().byIndex('namespace', namespaces[0] as string)).toHaveLength(perNs);
      await pollUntil(() => recorder.initialAdds === cached, 'the handler to receive the initial list');

      // Live changes, all kinds at once: new objects, updates and deletions of seeded ones, spread over namespaces.
      const created = new Map<string, string>();
      const updated = new Map<string, string>();
      const deleted = new Set<string>();
      const at = (i: number): { ns: string; name: string } =>
        seed[(i * 7919) % seed.length] as { ns: string; name: string };
      const updates = Array.from({ length: LIVE }, (_, i) => at(i));
      const deletions = Array.from({ length: LIVE }, (_, i) => at(i + LIVE));
      const creations = numberedNames('live', LIVE).map((name, i) => ({
        ns: namespaces[i % NAMESPACES] as string,
        name,
      }));
      const ops = [
        ...creations.map((o) => async () => {
          const c = await configMaps(rest, o.ns).create({ metadata: { name: o.name }, data: { v: 'new' } });
          created.set(`${o.ns}/${o.name}`, c.metadata?.resourceVersion ?? '');
        }),
        ...updates.map((o) => async () => {
          const c = await configMaps(rest, o.ns).patch(o.name, 'merge', { data: { v: '1' } });
          updated.set(`${o.ns}/${o.name}`, c.metadata?.resourceVersion ?? '');
        }),
        ...deletions.map((o) => async () => {
          await configMaps(rest, o.ns).delete(o.name);
          deleted.add(`${o.ns}/${o.name}`);
        }),
      ];
      // Interleave the kinds so that the watch carries a mix.
      const order = ops.map((_, i) => (i % 3) * LIVE + Math.floor(i / 3));
      await runPool(order, WRITERS, (i) => (ops[i] as () => Promise<void>)());

      const store = informer.getStore();
      const caughtUp = (): boolean =>
        [...created].every(([k, rv]) => store.getByKey(k)?.metadata?.resourceVersion === rv) &&
        [...updated].every(([k, rv]) => store.getByKey(k)?.metadata?.resourceVersion === rv) &&
        [...deleted].every((k) => store.getByKey(k) === undefined);
      await pollUntil(caughtUp, 'the cache to reflect every live change');
      await pollUntil(() => recorder.undelivered(deleted).length === 0, 'every deletion to reach the handler');

      // The handler saw each change itself, not only the cache.
      for (const [k, rv] of [...created, ...updated]) {
        expect(recorder.live.get(k), k).toBe(rv);
      }
      // No relist happened, so every deletion arrived as a plain delete, not a tombstone.
      expect([...deleted].filter((k) => recorder.deleted.get(k) !== 'delete')).toEqual([]);

      const report = await checkCacheConsistency({ store, listerWatcher: all });
      expect(report.missing).toEqual([]);
      expect(report.extra).toEqual([]);
      expect(report.differing).toEqual([]);
      expect(recorder.differsFrom(await listedVersions(all))).toEqual([]);
      const health = informer.health();
      expect(health.synced).toBe(true);
      expect(health.relists).toBe(0);

      console.log(
        `[informer e2e] ${OBJECTS} ConfigMaps in ${NAMESPACES} namespaces: created in ${createMs.toFixed(0)} ms ` +
          `(${((OBJECTS / createMs) * 1000).toFixed(0)}/s, ${WRITERS} writers); informer synced ${cached} objects ` +
          `in ${syncMs.toFixed(0)} ms (${((cached / syncMs) * 1000).toFixed(0)}/s); live: ${LIVE} creates, ` +
          `${LIVE} updates, ${LIVE} deletes all delivered; relists ${health.relists}, ` +
          `watch restarts ${health.watchRestarts}`,
      );
    } finally {
      ac.abort();
      await running;
    }
  });
});
