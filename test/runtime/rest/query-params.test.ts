// Option serialisation against client-go's: every ListOptions and write-options field, and DeleteOptions bodies.
// The wanted strings and bodies are what client-go v0.35 sends (scheme.ParameterCodec.EncodeParameters and a
// typed clientset against a recording server).
import { afterEach, describe, expect, it } from 'vitest';
import type { ListOptions } from '../../../runtime/api/options.js';
import { encodeQuery } from '../../../runtime/rest/encode-query.js';
import { getQuery, listQuery, writeQuery } from '../../../runtime/rest/query-params.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { type LocalServer, type SeenRequest, sendJson, startLocalServer } from './local-server.js';

describe('listQuery + encodeQuery (metav1.ListOptions)', () => {
  it.each<[string, ListOptions, string]>([
    ['no options', {}, ''],
    [
      'every field set',
      {
        labelSelector: 'app in (a,b),tier!=web',
        fieldSelector: 'metadata.name=x,spec.nodeName!=',
        resourceVersion: '123',
        resourceVersionMatch: 'NotOlderThan',
        limit: 500,
        continue: 'eyJ2IjoxfQ==',
        timeoutSeconds: 30,
        allowWatchBookmarks: true,
        sendInitialEvents: true,
      },
      '?allowWatchBookmarks=true&continue=eyJ2IjoxfQ%3D%3D&fieldSelector=metadata.name%3Dx%2Cspec.nodeName%21%3D' +
        '&labelSelector=app+in+%28a%2Cb%29%2Ctier%21%3Dweb&limit=500&resourceVersion=123' +
        '&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=30',
    ],
    // Plain omitempty fields vanish at their zero value; pointer fields (timeoutSeconds, sendInitialEvents) do not.
    [
      'zero values',
      {
        labelSelector: '',
        fieldSelector: '',
        resourceVersion: '',
        limit: 0,
        continue: '',
        allowWatchBookmarks: false,
        timeoutSeconds: 0,
        sendInitialEvents: false,
      },
      '?sendInitialEvents=false&timeoutSeconds=0',
    ],
    [
      'resourceVersion "0"',
      { resourceVersion: '0', resourceVersionMatch: 'Exact' },
      '?resourceVersion=0&resourceVersionMatch=Exact',
    ],
  ])('%s', (_name, options, want) => {
    expect(encodeQuery(listQuery(options))).toBe(want);
  });

  it('a watch adds watch=true, and escapes as url.QueryEscape (space +, ~ kept, * encoded)', () => {
    expect(encodeQuery({ ...listQuery({ resourceVersion: '0', labelSelector: 'a=b c~d*e' }), watch: true })).toBe(
      '?labelSelector=a%3Db+c~d%2Ae&resourceVersion=0&watch=true',
    );
  });
});

describe('writeQuery + encodeQuery (Create/Update/PatchOptions)', () => {
  it.each<[string, Parameters<typeof writeQuery>[0], string]>([
    [
      'CreateOptions',
      { dryRun: ['All'], fieldManager: 'kgen', fieldValidation: 'Strict' },
      '?dryRun=All&fieldManager=kgen&fieldValidation=Strict',
    ],
    ['empty dryRun and fieldManager', { dryRun: [], fieldManager: '' }, ''],
    ['dryRun as repeated keys', { dryRun: ['All', 'All'], fieldManager: 'm' }, '?dryRun=All&dryRun=All&fieldManager=m'],
    ['force=false (a pointer: sent when set)', { fieldManager: 'm', force: false }, '?fieldManager=m&force=false'],
    [
      'force=true with dryRun',
      { fieldManager: 'm', force: true, dryRun: ['All'] },
      '?dryRun=All&fieldManager=m&force=true',
    ],
    ['no PatchOptions', {}, ''],
  ])('%s', (_name, options, want) => {
    expect(encodeQuery(writeQuery(options))).toBe(want);
  });

  it('GetOptions: resourceVersion only when set', () => {
    expect(encodeQuery(getQuery({ resourceVersion: '42' }))).toBe('?resourceVersion=42');
    expect(encodeQuery(getQuery({ resourceVersion: '' }))).toBe('');
    expect(encodeQuery(getQuery())).toBe('');
  });
});

describe('ResourceClient requests (URL, content type, body)', () => {
  let server: LocalServer | undefined;
  let rest: RestClient | undefined;
  afterEach(async () => {
    await rest?.close();
    await server?.close();
    rest = undefined;
    server = undefined;
  });

  async function configMaps(): Promise<ResourceClient<{ metadata: { name: string } }>> {
    server = await startLocalServer((req, res) => {
      if (req.url.includes('watch=true')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end();
        return;
      }
      sendJson(res, 200, req.method === 'GET' ? { kind: 'ConfigMapList', items: [] } : { kind: 'Status' });
    });
    rest = new RestClient({ host: server.url, qps: -1 });
    return new ResourceClient({
      rest,
      gvr: { group: '', version: 'v1', resource: 'configmaps' },
      namespaced: true,
      namespace: 'ns',
      kind: 'ConfigMap',
    });
  }

  const line = (r: SeenRequest) => `${r.method} ${r.url} ${r.headers['content-type'] ?? '-'}`;
  const body = (r: SeenRequest | undefined) => JSON.parse(r?.body ?? 'null') as unknown;

  it('sends DeleteOptions in the body, as client-go does: gracePeriodSeconds 0 and the propagation policy kept', async () => {
    const cms = await configMaps();
    await cms.delete('x', { gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
    await cms.delete('y');
    await cms.delete('z', { dryRun: ['All'], preconditions: { resourceVersion: '7' } });
    await cms.deleteCollection({ propagationPolicy: 'Background' }, { labelSelector: 'a=b', limit: 0 });
    const seen = (server as LocalServer).seen;
    expect(seen.map(line)).toEqual([
      'DELETE /api/v1/namespaces/ns/configmaps/x application/json',
      'DELETE /api/v1/namespaces/ns/configmaps/y application/json',
      'DELETE /api/v1/namespaces/ns/configmaps/z application/json',
      'DELETE /api/v1/namespaces/ns/configmaps?labelSelector=a%3Db application/json',
    ]);
    expect(seen.map((r) => body(r))).toEqual([
      { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' },
      { kind: 'DeleteOptions', apiVersion: 'v1' },
      { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'], preconditions: { resourceVersion: '7' } },
      { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
    ]);
  });

  it('puts list, watch, get and write options in the query', async () => {
    const cms = await configMaps();
    const obj = { metadata: { name: 'c' } };
    await cms.list({ labelSelector: 'app=x', limit: 10, continue: 'tok', resourceVersion: '' });
    const w = await cms.watch({ resourceVersion: '5', allowWatchBookmarks: true, timeoutSeconds: 0, idleTimeoutMs: 0 });
    w.stop();
    await cms.get('c', { resourceVersion: '' });
    await cms.get('c', { resourceVersion: '9' });
    await cms.create(obj, { dryRun: ['All'], fieldManager: 'kgen' });
    await cms.update(obj, { fieldManager: 'kgen', fieldValidation: 'Warn' });
    await cms.patch('c', 'merge', { data: {} }, { force: false, fieldManager: 'm' });
    await cms.apply(obj, { fieldManager: 'm' });
    await cms.apply(obj, { fieldManager: 'm', force: true, dryRun: ['All'] });
    expect((server as LocalServer).seen.map(line)).toEqual([
      'GET /api/v1/namespaces/ns/configmaps?continue=tok&labelSelector=app%3Dx&limit=10 -',
      'GET /api/v1/namespaces/ns/configmaps?allowWatchBookmarks=true&resourceVersion=5&timeoutSeconds=0&watch=true -',
      'GET /api/v1/namespaces/ns/configmaps/c -',
      'GET /api/v1/namespaces/ns/configmaps/c?resourceVersion=9 -',
      'POST /api/v1/namespaces/ns/configmaps?dryRun=All&fieldManager=kgen application/json',
      'PUT /api/v1/namespaces/ns/configmaps/c?fieldManager=kgen&fieldValidation=Warn application/json',
      'PATCH /api/v1/namespaces/ns/configmaps/c?fieldManager=m&force=false application/merge-patch+json',
      // ApplyOptions.ToPatchOptions: force always goes out.
      'PATCH /api/v1/namespaces/ns/configmaps/c?fieldManager=m&force=false application/apply-patch+yaml',
      'PATCH /api/v1/namespaces/ns/configmaps/c?dryRun=All&fieldManager=m&force=true application/apply-patch+yaml',
    ]);
  });
});
