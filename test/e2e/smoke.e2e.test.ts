// Smoke test of the envtest: a real kube-apiserver answers both identities over plain node:https.
import { describe, expect, it } from 'vitest';
import { testEnv, uniqueNamespace } from './support/env.js';
import { httpsJson, identities, openWatch } from './support/https-json.js';

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } });

describe('envtest smoke', () => {
  it('serves /version from a real kube-apiserver', async () => {
    const [token] = identities(testEnv());
    const res = await httpsJson(token!, 'GET', '/version');
    expect(res.status).toBe(200);
    const version = res.body as { gitVersion: string; major: string; minor: string; platform: string };
    console.log(`kube-apiserver /version: ${JSON.stringify(version)}`);
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(version.major).toBe('1');
  });

  for (const id of identities(testEnv())) {
    it(`creates, lists and watches ConfigMaps as the ${id.name} identity`, async () => {
      const ns = await uniqueNamespace(`smoke-${id.name}`);
      const base = `/api/v1/namespaces/${ns}/configmaps`;

      const created = await httpsJson(id, 'POST', base, configMap('first'));
      expect(created.status).toBe(201);

      const list = await httpsJson(id, 'GET', base);
      expect(list.status).toBe(200);
      const listed = list.body as {
        kind: string;
        metadata: { resourceVersion: string };
        items: { metadata: { name: string } }[];
      };
      expect(listed.kind).toBe('ConfigMapList');
      expect(listed.items.map((i) => i.metadata.name)).toEqual(['first']);

      const abort = new AbortController();
      try {
        const watch = await openWatch(
          id,
          `${base}?watch=1&resourceVersion=${listed.metadata.resourceVersion}`,
          abort.signal,
        );
        expect(watch.status).toBe(200);
        expect((await httpsJson(id, 'POST', base, configMap('second'))).status).toBe(201);
        for await (const ev of watch.events) {
          // Events after the list's resourceVersion only: the first thing seen must be the second ConfigMap.
          expect(ev.type).toBe('ADDED');
          expect(ev.object.kind).toBe('ConfigMap');
          expect(ev.object.metadata?.name).toBe('second');
          break;
        }
      } finally {
        abort.abort();
      }
    });
  }

  it('runs pods in a fresh namespace without a controller-manager (ServiceAccount admission off)', async () => {
    const [token] = identities(testEnv());
    const ns = await uniqueNamespace('smoke-pod');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'example.invalid/none' }] },
    };
    const res = await httpsJson(token!, 'POST', `/api/v1/namespaces/${ns}/pods`, pod);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('rejects a request without credentials for a namespaced list (RBAC is on)', async () => {
    const env = testEnv();
    const anonymous = { name: 'token' as const, server: env.server, ca: env.caPem, headers: {} };
    const res = await httpsJson(anonymous, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(res.status).toBe(403);
  });
});
