// ResourceClient.callSubresource against a local server: the path, method, query, body and content type of each verb.
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceClient, RestClient } from '../../../runtime/rest/index.js';
import { type LocalServer, type SeenRequest, sendJson, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
  server = undefined;
  rest = undefined;
});

async function serviceAccounts(): Promise<{ client: ResourceClient<unknown>; seen: SeenRequest[] }> {
  server = await startLocalServer((req, res) => {
    sendJson(res, 200, { kind: 'Echo', method: req.method, url: req.url });
  });
  rest = new RestClient({ host: server.url, qps: -1 });
  const client = new ResourceClient<unknown>({
    rest,
    gvr: { group: '', version: 'v1', resource: 'serviceaccounts' },
    namespaced: true,
    namespace: 'ns1',
  });
  return { client, seen: server.seen };
}

describe('ResourceClient.callSubresource (+genclient:method)', () => {
  it('creates on a named subresource and returns what the server sent (CreateToken)', async () => {
    const { client, seen } = await serviceAccounts();
    const tokenRequest = { kind: 'TokenRequest', spec: { audiences: ['api'] } };
    const out = await client.callSubresource<{ kind: string }>({
      verb: 'create',
      name: 'builder',
      subresource: 'token',
      body: tokenRequest,
      options: { dryRun: ['All'], fieldManager: 'kgen' },
    });
    expect(out.kind).toBe('Echo');
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/api/v1/namespaces/ns1/serviceaccounts/builder/token?dryRun=All&fieldManager=kgen');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(tokenRequest);
  });

  it('updates a subresource, taking the name from the body when none is given (UpdateApproval)', async () => {
    const { client, seen } = await serviceAccounts();
    await client.callSubresource({ verb: 'update', subresource: 'approval', body: { metadata: { name: 'csr-1' } } });
    expect(`${seen[0]?.method} ${seen[0]?.url}`).toBe('PUT /api/v1/namespaces/ns1/serviceaccounts/csr-1/approval');
  });

  it('gets a subresource with its resourceVersion, and lists with list options', async () => {
    const { client, seen } = await serviceAccounts();
    await client.callSubresource({
      verb: 'get',
      name: 'a',
      subresource: 'ephemeral',
      options: { resourceVersion: '7' },
    });
    await client.callSubresource({ verb: 'list', options: { labelSelector: 'x=y' } });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/namespaces/ns1/serviceaccounts/a/ephemeral?resourceVersion=7',
      'GET /api/v1/namespaces/ns1/serviceaccounts?labelSelector=x%3Dy',
    ]);
  });

  it('patches and applies a subresource with their own content types', async () => {
    const { client, seen } = await serviceAccounts();
    await client.callSubresource({
      verb: 'patch',
      name: 'a',
      subresource: 'resize',
      patchType: 'merge',
      body: { spec: {} },
    });
    await client.callSubresource({
      verb: 'apply',
      subresource: 'resize',
      body: { metadata: { name: 'a' } },
      options: { fieldManager: 'ctl', force: true },
    });
    expect(seen.map((r) => `${r.method} ${r.url} ${r.headers['content-type']}`)).toEqual([
      'PATCH /api/v1/namespaces/ns1/serviceaccounts/a/resize application/merge-patch+json',
      'PATCH /api/v1/namespaces/ns1/serviceaccounts/a/resize?fieldManager=ctl&force=true application/apply-patch+yaml',
    ]);
  });

  it('creates without a subresource on the collection, and rejects a missing name before sending', async () => {
    const { client, seen } = await serviceAccounts();
    await client.callSubresource({ verb: 'create', body: { metadata: { name: 'x' } } });
    expect(`${seen[0]?.method} ${seen[0]?.url}`).toBe('POST /api/v1/namespaces/ns1/serviceaccounts');
    expect(() => client.callSubresource({ verb: 'update', subresource: 'approval', body: {} })).toThrow(
      /has no metadata.name/,
    );
    expect(seen).toHaveLength(1);
  });
});
