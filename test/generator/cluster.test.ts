// --from-cluster loading: /openapi/v3 discovery, per group-version documents, selection, v2 fallback, failures.
import { describe, expect, test } from 'vitest';
import {
  FetchStatusError,
  groupVersionOfKey,
  loadFromCluster,
  type OpenApiFetcher,
} from '../../generator/load/cluster.js';
import { parseSelector } from '../../generator/model/model-options.js';

function fakeCluster(routes: Record<string, unknown>): OpenApiFetcher & { requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    getJson: async (path) => {
      requested.push(path);
      if (!Object.hasOwn(routes, path)) {
        throw new FetchStatusError(404, `404 for ${path}`);
      }
      const r = routes[path];
      if (r instanceof Error) {
        throw r;
      }
      return r;
    },
  };
}

const doc = (title: string) => ({ openapi: '3.0.0', info: { title }, paths: {}, components: { schemas: {} } });

describe('loadFromCluster', () => {
  test('reads every group-version document listed by discovery, in sorted order', async () => {
    const cluster = fakeCluster({
      '/openapi/v3': {
        paths: {
          'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=1' },
          'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=2' },
          apis: { serverRelativeURL: '/openapi/v3/apis?hash=3' },
          '.well-known/openid-configuration': { serverRelativeURL: '/x' },
        },
      },
      '/openapi/v3/apis/apps/v1?hash=1': doc('apps'),
      '/openapi/v3/api/v1?hash=2': doc('core'),
    });
    const sources = await loadFromCluster(cluster, []);
    expect(sources.map((s) => [s.file, s.openapiVersion, (s.doc.info as { title: string }).title])).toEqual([
      ['cluster:/openapi/v3/api/v1', 3, 'core'],
      ['cluster:/openapi/v3/apis/apps/v1', 3, 'apps'],
    ]);
  });

  test('a selection fetches only matching group-versions', async () => {
    const cluster = fakeCluster({
      '/openapi/v3': { paths: { 'apis/apps/v1': { serverRelativeURL: '/a' }, 'api/v1': { serverRelativeURL: '/c' } } },
      '/c': doc('core'),
    });
    await loadFromCluster(cluster, [parseSelector('core/v1')]);
    expect(cluster.requested).toEqual(['/openapi/v3', '/c']);
  });

  test('without /openapi/v3 it falls back to the (lossy) /openapi/v2 document', async () => {
    const cluster = fakeCluster({ '/openapi/v2': { swagger: '2.0', paths: {}, definitions: {} } });
    const [v2] = await loadFromCluster(cluster, []);
    expect(v2).toMatchObject({ file: 'cluster:/openapi/v2', openapiVersion: 2 });
  });

  test('failures name the path and say what to check', async () => {
    const cluster = fakeCluster({
      '/openapi/v3': { paths: { 'api/v1': { serverRelativeURL: '/c' } } },
      '/c': new Error('connection refused'),
    });
    await expect(loadFromCluster(cluster, [])).rejects.toMatchObject({
      code: 'KGEN_CLUSTER_FETCH_FAILED',
      message: expect.stringContaining('GET /c failed: connection refused'),
    });
    await expect(loadFromCluster(fakeCluster({ '/openapi/v3': [] }), [])).rejects.toMatchObject({
      code: 'KGEN_CLUSTER_FETCH_FAILED',
    });
  });

  test('discovery keys', () => {
    expect(groupVersionOfKey('api/v1')).toEqual({ group: '', version: 'v1' });
    expect(groupVersionOfKey('apis/cert-manager.io/v1')).toEqual({ group: 'cert-manager.io', version: 'v1' });
    expect(groupVersionOfKey('apis')).toBeUndefined();
    expect(groupVersionOfKey('version')).toBeUndefined();
  });
});
