// DynamicClient and ScaleClient paths, verbs and content types against a local server.
import { afterEach, describe, expect, it } from 'vitest';
import { DiscoveryClient } from '../../../runtime/discovery/discovery-client.js';
import { DynamicClient, ScaleClient } from '../../../runtime/dynamic/index.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { type LocalServer, sendJson, startLocalServer } from '../rest/local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
});

async function echoServer(): Promise<RestClient> {
  server = await startLocalServer((req, r) => {
    if (req.url === '/apis' || req.url === '/api') {
      return sendJson(r, 200, {
        kind: 'APIGroupDiscoveryList',
        items:
          req.url === '/api'
            ? []
            : [
                {
                  metadata: { name: 'example.com' },
                  versions: [
                    {
                      version: 'v2',
                      resources: [
                        {
                          resource: 'widgets',
                          responseKind: { group: 'example.com', version: 'v2', kind: 'Widget' },
                          scope: 'Namespaced',
                          singularResource: 'widget',
                          verbs: ['get'],
                        },
                      ],
                    },
                    {
                      version: 'v1',
                      resources: [
                        {
                          resource: 'widgets',
                          responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
                          scope: 'Namespaced',
                          singularResource: 'widget',
                          verbs: ['get'],
                          subresources: [
                            {
                              subresource: 'scale',
                              responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
                              verbs: ['get'],
                            },
                          ],
                        },
                      ],
                    },
                  ],
                },
              ],
      });
    }
    sendJson(r, 200, {
      kind: 'Echo',
      metadata: { name: 'n' },
      method: req.method,
      url: req.url,
      type: req.headers['content-type'],
      body: req.body,
    });
  });
  rest = new RestClient({ host: server.url, qps: -1 });
  return rest;
}

describe('DynamicClient', () => {
  it('builds namespaced, all-namespace and cluster-scoped paths for every verb', async () => {
    const dyn = new DynamicClient(await echoServer());
    const widgets = dyn.resource({ group: 'example.com', version: 'v1', resource: 'widgets' });
    const inNs = widgets.namespace('team-a');
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3 } };
    await inNs.get('w');
    await widgets.list({ labelSelector: 'a=b' });
    await inNs.create(obj, { fieldManager: 'm' });
    await inNs.update(obj);
    await inNs.updateStatus(obj);
    await inNs.patch('w', 'merge', { spec: { size: 4 } });
    await inNs.patchSubresource('w', 'status', 'json', [{ op: 'remove', path: '/status' }]);
    await inNs.apply(obj, { fieldManager: 'kgen', force: true });
    await inNs.delete('w', { propagationPolicy: 'Foreground' });
    await inNs.deleteCollection({}, { labelSelector: 'x' });
    await dyn.resource({ group: '', version: 'v1', resource: 'nodes' }).get('node-1');
    expect(server?.seen.map((r) => `${r.method} ${r.url} ${r.headers['content-type'] ?? ''}`.trim())).toEqual([
      'GET /apis/example.com/v1/namespaces/team-a/widgets/w',
      'GET /apis/example.com/v1/widgets?labelSelector=a%3Db',
      'POST /apis/example.com/v1/namespaces/team-a/widgets?fieldManager=m application/json',
      'PUT /apis/example.com/v1/namespaces/team-a/widgets/w application/json',
      'PUT /apis/example.com/v1/namespaces/team-a/widgets/w/status application/json',
      'PATCH /apis/example.com/v1/namespaces/team-a/widgets/w application/merge-patch+json',
      'PATCH /apis/example.com/v1/namespaces/team-a/widgets/w/status application/json-patch+json',
      'PATCH /apis/example.com/v1/namespaces/team-a/widgets/w?fieldManager=kgen&force=true application/apply-patch+yaml',
      'DELETE /apis/example.com/v1/namespaces/team-a/widgets/w application/json',
      'DELETE /apis/example.com/v1/namespaces/team-a/widgets?labelSelector=x application/json',
      'GET /api/v1/nodes/node-1',
    ]);
    expect(JSON.parse(server?.seen[8]?.body ?? '{}')).toMatchObject({
      kind: 'DeleteOptions',
      propagationPolicy: 'Foreground',
    });
    expect(() => inNs.update({ kind: 'Widget', metadata: {} })).toThrow(/no metadata.name/);
  });
});

describe('ScaleClient', () => {
  it('gets and updates /scale for a GVR, and resolves a GroupResource to the version that has /scale', async () => {
    const r = await echoServer();
    const scales = new ScaleClient(r, { discovery: new DiscoveryClient(r) }).scales('ns');
    await scales.get({ group: 'apps', version: 'v1', resource: 'deployments' }, 'web');
    await scales.update(
      { group: 'apps', version: 'v1', resource: 'deployments' },
      { metadata: { name: 'web' }, spec: { replicas: 3 } },
    );
    await scales.get({ group: 'example.com', resource: 'widgets' }, 'w');
    await scales.patch({ group: 'apps', version: 'v1', resource: 'deployments' }, 'web', 'merge', {
      spec: { replicas: 1 },
    });
    const urls = server?.seen.filter((s) => s.url !== '/api' && s.url !== '/apis').map((s) => `${s.method} ${s.url}`);
    expect(urls).toEqual([
      'GET /apis/apps/v1/namespaces/ns/deployments/web/scale',
      'PUT /apis/apps/v1/namespaces/ns/deployments/web/scale',
      'GET /apis/example.com/v1/namespaces/ns/widgets/w/scale',
      'PATCH /apis/apps/v1/namespaces/ns/deployments/web/scale',
    ]);
    expect(JSON.parse(server?.seen.find((s) => s.method === 'PUT')?.body ?? '{}')).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web' },
      spec: { replicas: 3 },
    });
    await expect(new ScaleClient(r).scales('ns').get({ group: 'apps', resource: 'deployments' }, 'x')).rejects.toThrow(
      /pass a version/,
    );
    await expect(
      new ScaleClient(r, { discovery: new DiscoveryClient(r) }).scales('ns').get({ group: 'nope', resource: 'x' }, 'x'),
    ).rejects.toMatchObject({ code: 'KUBE_NO_SCALE' });
  });
});
