// DynamicClient, its informer factory and ScaleClient against a real kube-apiserver: ConfigMap CRUD, watch and a shared
// informer; Deployment /scale.
import { describe, expect, it } from 'vitest';
import { DiscoveryClient } from '../../runtime/discovery/discovery-client.js';
import { DynamicClient } from '../../runtime/dynamic/dynamic-client.js';
import { DynamicSharedInformerFactory } from '../../runtime/dynamic/dynamic-informer-factory.js';
import { ScaleClient } from '../../runtime/dynamic/scale-client.js';
import type { Unstructured } from '../../runtime/dynamic/unstructured.js';
import { isConflict, isNotFound } from '../../runtime/errors/api-error.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { retryOnConflict } from '../../runtime/rest/retry-on-conflict.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { pollUntil } from './support/poll-until.js';

function client(): RestClient {
  const env = testEnv();
  return new RestClient({ ...loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config, qps: -1 });
}

describe('DynamicClient on ConfigMaps', () => {
  it('creates, gets, updates, patches, applies, lists, watches and deletes unstructured objects', async () => {
    const rest = client();
    const ns = await uniqueNamespace('dynamic');
    const cms = new DynamicClient(rest).resource({ group: '', version: 'v1', resource: 'configmaps' });
    const inNs = cms.namespace(ns);
    try {
      const watch = await inNs.watch({ allowWatchBookmarks: true });
      const created = await inNs.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'a' },
        data: { k: '1' },
      });
      expect(created.metadata?.uid).toBeTruthy();
      const got = await inNs.get('a');
      expect(got.data).toEqual({ k: '1' });
      await inNs.update({ ...got, data: { k: '2' } });
      await expect(inNs.update({ ...got, data: { k: 'stale' } })).rejects.toSatisfy(isConflict);
      // retryOnConflict re-reads and re-applies the change after a lost race.
      let tries = 0;
      await retryOnConflict(async () => {
        tries++;
        const cur = tries === 1 ? got : await inNs.get('a');
        return inNs.update({ ...cur, data: { ...(cur.data as Record<string, string>), r: 'retried' } });
      });
      expect(tries).toBe(2);
      await inNs.patch('a', 'merge', { data: { m: 'merged' } });
      await inNs.apply(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { x: 'y' } },
        { fieldManager: 'kgen-dyn' },
      );
      expect((await inNs.get('a')).data).toEqual({ k: '2', r: 'retried', m: 'merged' });

      const all = await cms.list({ fieldSelector: `metadata.namespace=${ns}` });
      expect(all.items.map((i: Unstructured) => i.metadata?.name).sort()).toEqual(['a', 'b']);
      expect(all.kind).toBe('ConfigMapList');

      await inNs.delete('a');
      await expect(inNs.get('a')).rejects.toSatisfy(isNotFound);

      const seen: string[] = [];
      for await (const ev of watch) {
        if (ev.type !== 'BOOKMARK') {
          seen.push(`${ev.type} ${ev.object.metadata?.name}`);
        }
        if (ev.type === 'DELETED') {
          break;
        }
      }
      expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'MODIFIED a', 'MODIFIED a', 'ADDED b', 'DELETED a']);
      await inNs.deleteCollection();
      expect((await inNs.list()).items).toHaveLength(0);
    } finally {
      await rest.close();
    }
  });

  it('reads a cluster-scoped resource without a namespace', async () => {
    const rest = client();
    try {
      const ns = await uniqueNamespace('dynamic-cluster');
      const got = await new DynamicClient(rest).resource({ group: '', version: 'v1', resource: 'namespaces' }).get(ns);
      expect(got.kind).toBe('Namespace');
      expect(got.metadata?.name).toBe(ns);
    } finally {
      await rest.close();
    }
  });
});

describe('DynamicSharedInformerFactory on ConfigMaps', () => {
  it('syncs a namespace, keeps its lister current and delivers adds, updates and deletes', async () => {
    const rest = client();
    const ns = await uniqueNamespace('dynamic-informer');
    const gvr = { group: '', version: 'v1', resource: 'configmaps' };
    const inNs = new DynamicClient(rest).resource(gvr).namespace(ns);
    const factory = new DynamicSharedInformerFactory(new DynamicClient(rest), {
      namespace: ns,
      tweakListOptions: (o) => ({ ...o, labelSelector: 'app=demo' }),
    });
    try {
      for (const name of ['a', 'b', 'c']) {
        await inNs.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'demo' } } });
      }
      await inNs.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unlabelled' } });
      const cms = factory.forResource(gvr);
      const seen: string[] = [];
      cms.informer().addEventHandler({
        onAdd: (o, initial) => {
          seen.push(`${initial ? 'initial' : 'add'} ${o.metadata?.name}`);
        },
        onUpdate: (_old, o) => {
          seen.push(`update ${o.metadata?.name} ${(o.data as Record<string, string> | undefined)?.k}`);
        },
        onDelete: (o) => {
          seen.push(`delete ${(o as Unstructured).metadata?.name}`);
        },
      });
      factory.start();
      expect(await factory.waitForCacheSync()).toEqual({ '/v1/configmaps': true });
      const names = () =>
        cms
          .lister()
          .namespace(ns)
          .list()
          .map((o) => o.metadata?.name)
          .sort();
      expect(names()).toEqual(['a', 'b', 'c']);
      expect(cms.lister().namespace(ns).get('a').kind).toBe('ConfigMap');

      await inNs.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', labels: { app: 'demo' } } });
      await inNs.patch('a', 'merge', { data: { k: 'v2' } });
      await inNs.delete('b');
      await pollUntil('the add, the update and the delete', () => (seen.length >= 6 ? true : undefined));
      expect(seen.slice(0, 3).sort()).toEqual(['initial a', 'initial b', 'initial c']);
      expect(seen.slice(3)).toEqual(['add d', 'update a v2', 'delete b']);
      expect(names()).toEqual(['a', 'c', 'd']);
    } finally {
      await factory.shutdown();
      await rest.close();
    }
  });
});

describe('ScaleClient on a Deployment', () => {
  it('gets and updates /scale, by GVR and by group/resource through discovery', async () => {
    const rest = client();
    const ns = await uniqueNamespace('scale');
    try {
      const deployments = new DynamicClient(rest)
        .resource({ group: 'apps', version: 'v1', resource: 'deployments' })
        .namespace(ns);
      await deployments.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
          },
        },
      });
      const scales = new ScaleClient(rest, { discovery: new DiscoveryClient(rest) }).scales(ns);
      const gvr = { group: 'apps', version: 'v1', resource: 'deployments' };
      const scale = await scales.get(gvr, 'web');
      expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 } });
      expect(scale.status?.selector).toBe('app=web');
      const updated = await scales.update(gvr, { ...scale, spec: { replicas: 3 } });
      expect(updated.spec?.replicas).toBe(3);
      expect((await deployments.get('web')).spec).toMatchObject({ replicas: 3 });
      expect((await scales.get({ group: 'apps', resource: 'deployments' }, 'web')).spec?.replicas).toBe(3);
      await scales.patch(gvr, 'web', 'merge', { spec: { replicas: 0 } });
      expect((await deployments.get('web')).spec).toMatchObject({ replicas: 0 });
    } finally {
      await rest.close();
    }
  });
});
