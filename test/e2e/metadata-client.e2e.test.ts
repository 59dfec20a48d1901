// MetadataClient and MetadataSharedInformerFactory against a real kube-apiserver: the server sends only metadata.
import { describe, expect, it } from 'vitest';
import { DynamicClient } from '../../runtime/dynamic/dynamic-client.js';
import { MetadataClient } from '../../runtime/metadata/metadata-client.js';
import { MetadataSharedInformerFactory } from '../../runtime/metadata/metadata-informer-factory.js';
import type { PartialObjectMetadata } from '../../runtime/metadata/partial-object-metadata.js';
import { loadKubeconfig } from '../../runtime/rest/kubeconfig.js';
import { RestClient } from '../../runtime/rest/rest-client.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { pollUntil } from './support/poll-until.js';

function client(): RestClient {
  const env = testEnv();
  return new RestClient({ ...loadKubeconfig({ kubeconfig: env.kubeconfigPath }).config, qps: -1 });
}

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const payload = 'x'.repeat(4096);

describe('MetadataClient on ConfigMaps', () => {
  it('gets, lists, watches, patches and deletes objects as PartialObjectMetadata, never their data', async () => {
    const rest = client();
    const ns = await uniqueNamespace('metadata');
    const full = new DynamicClient(rest).resource(configMaps).namespace(ns);
    const meta = new MetadataClient(rest).resource(configMaps).namespace(ns);
    try {
      const watch = await meta.watch({ allowWatchBookmarks: true });
      for (const name of ['a', 'b']) {
        await full.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload } });
      }
      const got = await meta.get('a');
      expect(got.kind).toBe('PartialObjectMetadata');
      expect(got.apiVersion).toBe('meta.k8s.io/v1');
      expect(got.metadata.uid).toBeTruthy();
      expect(JSON.stringify(got)).not.toContain(payload);

      const list = await meta.list();
      expect(list.kind).toBe('PartialObjectMetadataList');
      expect(list.items.map((i) => i.metadata.name).sort()).toEqual(['a', 'b']);
      expect(JSON.stringify(list)).not.toContain(payload);
      // Paging works as for full lists.
      const page = await meta.list({ limit: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.metadata.continue).toBeTruthy();

      const patched = await meta.patch('a', 'merge', { metadata: { labels: { tier: 'web' } } });
      expect(patched.metadata.labels).toEqual({ tier: 'web' });
      expect((await full.get('a')).data).toEqual({ payload });
      await meta.delete('b');

      const seen: string[] = [];
      for await (const ev of watch) {
        if (ev.type === 'BOOKMARK') {
          continue;
        }
        expect(ev.object.kind).toBe('PartialObjectMetadata');
        expect(JSON.stringify(ev.object)).not.toContain(payload);
        seen.push(`${ev.type} ${ev.object.metadata.name}`);
        if (ev.type === 'DELETED') {
          break;
        }
      }
      expect(seen).toEqual(['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
    } finally {
      await rest.close();
    }
  });
});

describe('MetadataSharedInformerFactory on ConfigMaps', () => {
  it('caches only metadata, keeps it current and delivers updates and deletes', async () => {
    const rest = client();
    const ns = await uniqueNamespace('metadata-informer');
    const full = new DynamicClient(rest).resource(configMaps).namespace(ns);
    const factory = new MetadataSharedInformerFactory(new MetadataClient(rest), { namespace: ns });
    try {
      for (const name of ['a', 'b', 'c']) {
        await full.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload } });
      }
      const cms = factory.forResource(configMaps);
      const seen: string[] = [];
      cms.informer().addEventHandler({
        onUpdate: (_old, o) => {
          seen.push(`update ${o.metadata.name} ${o.metadata.labels?.tier ?? ''}`);
        },
        onDelete: (o) => {
          seen.push(`delete ${(o as PartialObjectMetadata).metadata.name}`);
        },
      });
      factory.start();
      expect(await factory.waitForCacheSync()).toEqual({ '/v1/configmaps': true });
      const cached = cms.lister().namespace(ns).list();
      expect(cached.map((o) => o.metadata.name).sort()).toEqual(['a', 'b', 'c']);
      expect(cached.every((o) => o.kind === 'PartialObjectMetadata')).toBe(true);
      expect(JSON.stringify(cached)).not.toContain(payload);

      await full.patch('a', 'merge', { metadata: { labels: { tier: 'db' } } });
      await full.delete('c');
      await pollUntil('the update and the delete', () => (seen.length >= 2 ? true : undefined));
      expect(seen).toEqual(['update a db', 'delete c']);
      expect(cms.lister().namespace(ns).get('a').metadata.labels).toEqual({ tier: 'db' });
    } finally {
      await factory.shutdown();
      await rest.close();
    }
  });
});
