// MetadataClient against a local server: the metadata media types on every verb, and the cut-down fallback for servers
// that send whole objects (client-go's behaviour for servers that ignore `as=PartialObjectMetadata`).
import { afterEach, describe, expect, it } from 'vitest';
import { MetadataClient } from '../../../runtime/metadata/metadata-client.js';
import { NotObjectMetadataError } from '../../../runtime/metadata/partial-object-metadata.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { type LocalServer, type SeenRequest, sendJson, startLocalServer } from '../rest/local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
  server = undefined;
  rest = undefined;
});

const gvr = { group: '', version: 'v1', resource: 'configmaps' };
const partial = (name: string, rv = '1') => ({
  apiVersion: 'meta.k8s.io/v1',
  kind: 'PartialObjectMetadata',
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: rv },
});
const full = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '7' },
  data: { secretish: 'not for a metadata cache' },
});

async function serve(handler: (req: SeenRequest) => { status?: number; body?: unknown; raw?: string }) {
  server = await startLocalServer((req, res) => {
    const out = handler(req);
    if (out.raw !== undefined) {
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json' });
      res.end(out.raw);
      return;
    }
    sendJson(res, out.status ?? 200, out.body ?? {});
  });
  rest = new RestClient({ host: server.url, qps: -1 });
  return new MetadataClient(rest).resource(gvr);
}

const wantObject = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const wantList = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

describe('MetadataClient', () => {
  it('asks for PartialObjectMetadata on get and returns the answer as is', async () => {
    const cms = await serve(() => ({ body: partial('a') }));
    expect(await cms.namespace('ns').get('a')).toEqual(partial('a'));
    const seen = server?.seen[0] as SeenRequest;
    expect(seen.url).toBe('/api/v1/namespaces/ns/configmaps/a');
    expect(seen.headers.accept).toBe(wantObject);
  });

  it('cuts a whole object down to its metadata, and rejects what has no recognisable metadata', async () => {
    let answer: unknown = full('a');
    const cms = await serve(() => ({ body: answer }));
    const got = await cms.namespace('ns').get('a');
    expect(got).toEqual({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: full('a').metadata });
    expect(JSON.stringify(got)).not.toContain('secretish');
    answer = { kind: 'Thing', metadata: { labels: { a: 'b' } } };
    await expect(cms.namespace('ns').get('a')).rejects.toBeInstanceOf(NotObjectMetadataError);
  });

  it('asks for PartialObjectMetadataList on list and converts the items of a plain list', async () => {
    let answer: unknown = {
      kind: 'PartialObjectMetadataList',
      metadata: { resourceVersion: '9' },
      items: [partial('a')],
    };
    const cms = await serve(() => ({ body: answer }));
    expect(await cms.list({ labelSelector: 'app=x', limit: 2 })).toEqual(answer);
    const seen = server?.seen[0] as SeenRequest;
    expect(seen.headers.accept).toBe(wantList);
    expect(seen.url).toBe('/api/v1/configmaps?labelSelector=app%3Dx&limit=2');

    answer = {
      kind: 'ConfigMapList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '9' },
      items: [full('a'), full('b')],
    };
    const list = await cms.list();
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.metadata).toEqual({ resourceVersion: '9' });
    expect(list.items.map((i) => [i.kind, i.metadata.name])).toEqual([
      ['PartialObjectMetadata', 'a'],
      ['PartialObjectMetadata', 'b'],
    ]);

    answer = { kind: 'ConfigMapList', metadata: {}, items: [full('a'), { data: {} }] };
    await expect(cms.list()).rejects.toThrow(/items\[1\] of the list does not look like an object's metadata/);
  });

  it('watches with the metadata media type; bookmarks pass, whole objects are cut down, an object without metadata ends the watch', async () => {
    const lines = [
      { type: 'ADDED', object: partial('a') },
      { type: 'MODIFIED', object: full('a') },
      { type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '12' } } },
      { type: 'DELETED', object: { kind: 'ConfigMap', spec: {} } },
      { type: 'ADDED', object: partial('never') },
    ];
    const cms = await serve(() => ({ raw: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` }));
    const seen: string[] = [];
    const err = await (async () => {
      for await (const ev of await cms.namespace('ns').watch({ allowWatchBookmarks: true })) {
        seen.push(`${ev.type} ${ev.object.kind} ${ev.object.metadata.name ?? ev.object.metadata.resourceVersion}`);
        expect(JSON.stringify(ev.object)).not.toContain('secretish');
      }
    })().catch((e: unknown) => e);
    expect(server?.seen[0]?.headers.accept).toBe(wantObject);
    expect(server?.seen[0]?.url).toBe('/api/v1/namespaces/ns/configmaps?allowWatchBookmarks=true&watch=true');
    expect(seen).toEqual([
      'ADDED PartialObjectMetadata a',
      'MODIFIED PartialObjectMetadata a',
      'BOOKMARK PartialObjectMetadata 12',
    ]);
    expect(err).toBeInstanceOf(NotObjectMetadataError);
    expect((err as Error).message).toContain('a DELETED watch event');
  });

  it('patches with the patch type and the metadata media type; deletes send DeleteOptions', async () => {
    const cms = await serve((req) => ({ body: req.method === 'PATCH' ? full('a') : { kind: 'Status' } }));
    const patched = await cms.namespace('ns').patch('a', 'merge', { metadata: { labels: { x: 'y' } } });
    expect(patched.kind).toBe('PartialObjectMetadata');
    await cms.namespace('ns').delete('a', { propagationPolicy: 'Foreground' });
    await cms.namespace('ns').deleteCollection({}, { labelSelector: 'x=y' });
    const [p, d, dc] = server?.seen ?? [];
    expect(p?.headers['content-type']).toBe('application/merge-patch+json');
    expect(p?.headers.accept).toBe(wantObject);
    expect(JSON.parse(p?.body ?? '')).toEqual({ metadata: { labels: { x: 'y' } } });
    expect(d?.method).toBe('DELETE');
    expect(JSON.parse(d?.body ?? '')).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Foreground',
    });
    expect(dc?.url).toBe('/api/v1/namespaces/ns/configmaps?labelSelector=x%3Dy');
  });
});
