// ResourceClient against a real kube-apiserver: CRUD, patch, apply, watch, and an informer, with both identities.
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../runtime/api/meta.js';
import { SharedIndexInformer } from '../../runtime/cache/shared-index-informer.js';
import { isConflict, isNotFound } from '../../runtime/errors/api-error.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { ResourceClient } from '../../runtime/rest/resource-client.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { testEnv, uniqueNamespace } from './support/env.js';

interface ConfigMap extends KubernetesObject {
  data?: Record<string, string>;
}

const gvr = { group: '', version: 'v1', resource: 'configmaps' };

describe.each(['token', 'cert'] as const)('ResourceClient on ConfigMaps (%s identity)', (identity) => {
  it('creates, gets, updates, patches, applies, watches, lists and deletes', async () => {
    const env = testEnv();
    const { config } = loadKubeconfig({
      kubeconfig: env.kubeconfigPath,
      context: identity === 'token' ? env.tokenContext : env.certContext,
    });
    const rest = new RestClient({ ...config, qps: -1 });
    const ns = await uniqueNamespace(`rest-${identity}`);
    const cms = new ResourceClient<ConfigMap>({ rest, gvr, namespaced: true, namespace: ns, kind: 'ConfigMap' });
    try {
      const watch = await cms.watch({ allowWatchBookmarks: true });
      const created = await cms.create({ metadata: { name: 'a' }, data: { k: 'v1' } });
      expect(created.metadata?.resourceVersion).toBeTruthy();
      expect((await cms.get('a')).data).toEqual({ k: 'v1' });

      const updated = await cms.update({ ...created, data: { k: 'v2' } });
      // A write from a stale resourceVersion is a Conflict.
      await expect(cms.update({ ...created, data: { k: 'stale' } })).rejects.toSatisfy(isConflict);
      await cms.patch('a', 'merge', { data: { m: 'merged' } });
      await cms.patch('a', 'json', [{ op: 'add', path: '/data/j', value: 'json' }]);
      await cms.patch('a', 'strategic', { data: { s: 'smp' } });
      const applied = await cms.apply(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { owner: 'kgen' } },
        { fieldManager: 'kgen-e2e' },
      );
      expect(applied.metadata?.managedFields?.[0]?.manager).toBe('kgen-e2e');

      const list = await cms.list();
      expect(list.items.map((c) => c.metadata?.name).sort()).toEqual(['a', 'b']);
      expect((await cms.get('a')).data).toEqual({ k: 'v2', m: 'merged', j: 'json', s: 'smp' });
      expect(updated.metadata?.resourceVersion).not.toBe(created.metadata?.resourceVersion);

      await cms.delete('a');
      await expect(cms.get('a')).rejects.toSatisfy(isNotFound);

      const seen: string[] = [];
      for await (const ev of watch) {
        if (ev.type !== 'BOOKMARK') {
          seen.push(`${ev.type} ${ev.object.metadata?.name}`);
        }
        if (ev.type === 'DELETED') {
          break;
        }
      }
      expect(seen[0]).toBe('ADDED a');
      expect(seen).toContain('ADDED b');
      expect(seen.at(-1)).toBe('DELETED a');
      expect(seen.filter((s) => s === 'MODIFIED a')).toHaveLength(4);

      await cms.deleteCollection({}, {});
      expect((await cms.list()).items).toHaveLength(0);
    } finally {
      await rest.close();
    }
  });
});

describe('a SharedIndexInformer over ResourceClient', () => {
  it('syncs, then sees a create, an update and a delete', async () => {
    const env = testEnv();
    const { config } = loadKubeconfig({ kubeconfig: env.kubeconfigPath });
    const rest = new RestClient({ ...config, qps: -1 });
    const ns = await uniqueNamespace('rest-informer');
    const cms = new ResourceClient<ConfigMap>({ rest, gvr, namespaced: true, namespace: ns });
    for (let i = 0; i < 25; i++) {
      await cms.create({ metadata: { name: `pre-${i}` } });
    }
    const informer = new SharedIndexInformer<ConfigMap>({ listerWatcher: cms });
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => {
        log.push(`add ${o.metadata?.name}`);
      },
      onUpdate: (_old, o) => {
        log.push(`update ${o.metadata?.name} ${o.data?.v ?? ''}`);
      },
      onDelete: (o) => {
        log.push(`delete ${'metadata' in o ? o.metadata?.name : ''}`);
      },
    });
    const ac = new AbortController();
    const running = informer.run(ac.signal);
    try {
      await informer.synced;
      expect(log.filter((l) => l.startsWith('add pre-'))).toHaveLength(25);
      await cms.create({ metadata: { name: 'live' } });
      await cms.patch('live', 'merge', { data: { v: '1' } });
      await cms.delete('live');
      const deadline = Date.now() + 20_000;
      while (!log.includes('delete live') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(log.slice(-3)).toEqual(['add live', 'update live 1', 'delete live']);
    } finally {
      ac.abort();
      await running.catch(() => {});
      await rest.close();
    }
  });
});
