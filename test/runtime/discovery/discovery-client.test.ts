// DiscoveryClient against a local server: aggregated v2, the per-group-version fallback, preference, cache, failures.
import { afterEach, describe, expect, it } from 'vitest';
import { GroupDiscoveryFailedError } from '../../../runtime/discovery/discovery-client.js';
import { DiscoveryClient } from '../../../runtime/discovery/index.js';
import { isNotFound } from '../../../runtime/errors/api-error.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { type LocalServer, sendJson, startLocalServer } from '../rest/local-server.js';

const rk = (group: string, version: string, kind: string) => ({ group, version, kind });
const res = (
  resource: string,
  group: string,
  version: string,
  kind: string,
  scope = 'Namespaced',
  subs: string[] = [],
) => ({
  resource,
  responseKind: rk(group, version, kind),
  scope,
  singularResource: kind.toLowerCase(),
  verbs: ['get', 'list', 'watch'],
  subresources: subs.map((s) => ({
    subresource: s,
    responseKind: rk(group === 'apps' ? 'autoscaling' : group, 'v1', 'Scale'),
    verbs: ['get', 'update'],
  })),
});

const aggregatedCore = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  items: [
    {
      metadata: {},
      versions: [
        {
          version: 'v1',
          resources: [res('configmaps', '', 'v1', 'ConfigMap'), res('nodes', '', 'v1', 'Node', 'Cluster')],
        },
      ],
    },
  ],
};
const aggregatedApis = {
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  items: [
    {
      metadata: { name: 'apps' },
      versions: [
        {
          version: 'v1',
          resources: [res('deployments', 'apps', 'v1', 'Deployment', 'Namespaced', ['scale', 'status'])],
        },
      ],
    },
    {
      metadata: { name: 'batch' },
      versions: [
        { version: 'v2', resources: [res('jobs', 'batch', 'v2', 'Job')] },
        { version: 'v1', resources: [res('jobs', 'batch', 'v1', 'Job'), res('cronjobs', 'batch', 'v1', 'CronJob')] },
      ],
    },
    { metadata: { name: 'metrics.example.com' }, versions: [{ version: 'v1beta1', freshness: 'Stale' }] },
  ],
};
const classicLists: Record<string, unknown> = {
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [{ name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['get'] }],
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: [
      { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get'] },
    ],
  },
};

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
});

async function discovery(supportsAggregated: boolean, staleFails = true): Promise<DiscoveryClient> {
  server = await startLocalServer((req, r) => {
    const aggregated = supportsAggregated && (req.headers.accept ?? '').includes('as=APIGroupDiscoveryList');
    switch (req.url) {
      case '/version':
        return sendJson(r, 200, { major: '1', minor: '35', gitVersion: 'v1.35.4' });
      case '/api':
        return sendJson(r, 200, aggregated ? aggregatedCore : { kind: 'APIVersions', versions: ['v1'] });
      case '/apis':
        return sendJson(
          r,
          200,
          aggregated
            ? aggregatedApis
            : {
                kind: 'APIGroupList',
                groups: [
                  {
                    name: 'apps',
                    versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
                    preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
                  },
                ],
              },
        );
      case '/apis/metrics.example.com/v1beta1':
        return staleFails
          ? sendJson(r, 503, {
              kind: 'Status',
              status: 'Failure',
              code: 503,
              reason: 'ServiceUnavailable',
              message: 'down',
            })
          : sendJson(r, 200, {
              groupVersion: 'metrics.example.com/v1beta1',
              resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'PodMetrics', verbs: ['get'] }],
            });
      default:
        if (req.url in classicLists) {
          return sendJson(r, 200, classicLists[req.url]);
        }
        return sendJson(r, 404, { kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'nope' });
    }
  });
  rest = new RestClient({ host: server.url, qps: -1 }, { maxRetries: 0 });
  return new DiscoveryClient(rest);
}

describe('DiscoveryClient with aggregated discovery', () => {
  it('lists groups (core first) and resources from two requests, with the aggregated Accept header', async () => {
    const d = await discovery(true, false);
    const { groups } = await d.serverGroups();
    expect(groups.map((g) => g.name)).toEqual(['', 'apps', 'batch', 'metrics.example.com']);
    expect(groups[2]?.preferredVersion).toEqual({ groupVersion: 'batch/v2', version: 'v2' });
    const apps = await d.serverResourcesForGroupVersion('apps/v1');
    expect(apps.resources.map((r) => [r.name, r.kind, r.group, r.version])).toEqual([
      ['deployments', 'Deployment', 'apps', 'v1'],
      ['deployments/scale', 'Scale', 'autoscaling', 'v1'],
      ['deployments/status', 'Scale', 'autoscaling', 'v1'],
    ]);
    const core = await d.serverResourcesForGroupVersion('v1');
    expect(core.resources.find((r) => r.name === 'nodes')?.namespaced).toBe(false);
    expect(server?.seen.map((r) => r.url).sort()).toEqual(['/api', '/apis']);
    expect(server?.seen[0]?.headers.accept).toMatch(
      /^application\/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList/,
    );
  });

  it('prefers each group’s preferred version and fetches stale versions on their own', async () => {
    const d = await discovery(true, false);
    const preferred = await d.serverPreferredResources();
    const flat = preferred.flatMap((l) => l.resources.map((r) => `${l.groupVersion} ${r.name}`));
    expect(flat).toContain('batch/v2 jobs');
    expect(flat).toContain('batch/v1 cronjobs');
    expect(flat).not.toContain('batch/v1 jobs');
    expect(flat).toContain('metrics.example.com/v1beta1 pods');
    // Subresources are left out; every discovered group version has its list, even an empty one.
    expect(flat).toContain('apps/v1 deployments');
    expect(flat).not.toContain('apps/v1 deployments/scale');
    expect(preferred.map((l) => l.groupVersion)).toEqual([
      'v1',
      'apps/v1',
      'batch/v2',
      'batch/v1',
      'metrics.example.com/v1beta1',
    ]);
    expect(server?.seen.map((r) => r.url)).toContain('/apis/metrics.example.com/v1beta1');
  });

  it('reports failed group versions with the partial result', async () => {
    const d = await discovery(true, true);
    const err = await d.serverPreferredResources().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GroupDiscoveryFailedError);
    const e = err as GroupDiscoveryFailedError;
    expect([...e.failed.keys()]).toEqual(['metrics.example.com/v1beta1']);
    expect(e.partial.map((l) => l.groupVersion)).toContain('apps/v1');
  });

  it('caches until invalidate()', async () => {
    const d = await discovery(true, false);
    await d.serverGroups();
    await d.serverResourcesForGroupVersion('apps/v1');
    await Promise.all([d.serverVersion(), d.serverVersion()]);
    expect(server?.seen).toHaveLength(3);
    d.invalidate();
    await d.serverGroups();
    expect(server?.seen).toHaveLength(5);
  });
});

describe('DiscoveryClient without aggregated discovery', () => {
  it('falls back to APIVersions, APIGroupList and per-group-version documents', async () => {
    const d = await discovery(false);
    expect((await d.serverGroups()).groups.map((g) => g.name)).toEqual(['', 'apps']);
    expect((await d.serverResourcesForGroupVersion('apps/v1')).resources[0]?.name).toBe('deployments');
    expect((await d.serverResourcesForGroupVersion('apps/v1')).resources[0]?.name).toBe('deployments');
    expect(server?.seen.filter((r) => r.url === '/apis/apps/v1')).toHaveLength(1);
    const preferred = await d.serverPreferredResources();
    expect(preferred.map((l) => l.groupVersion)).toEqual(['v1', 'apps/v1']);
    await expect(d.serverResourcesForGroupVersion('nope/v1')).rejects.toSatisfy(isNotFound);
  });

  it('returns the server version', async () => {
    const d = await discovery(false);
    expect(await d.serverVersion()).toMatchObject({ major: '1', minor: '35', gitVersion: 'v1.35.4' });
  });
});
