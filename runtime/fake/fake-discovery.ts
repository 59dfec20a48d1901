// FakeDiscovery: runtime/discovery's DiscoveryClient calls answered from the fake's resource registry.
import type { ClientVerb } from '../api/resource-info.js';
import type {
  APIGroup,
  APIGroupList,
  APIResource,
  APIResourceList,
  VersionInfo,
} from '../discovery/discovery-types.js';
import { groupVersionString } from '../discovery/discovery-types.js';
import { throwIfAborted } from '../util/abort.js';
import { notFound } from './api-errors.js';
import type { ResolvedResource, ResourceRegistry } from './resource-registry.js';

export interface FakeDiscoveryOptions {
  /** What serverVersion answers. @default v1.35.0 */
  serverVersion?: VersionInfo;
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const apiVerbOf: Readonly<Record<ClientVerb, string | undefined>> = {
  create: 'create',
  update: 'update',
  updateStatus: undefined,
  delete: 'delete',
  deleteCollection: 'deletecollection',
  get: 'get',
  list: 'list',
  watch: 'watch',
  patch: 'patch',
  apply: 'patch',
  applyStatus: undefined,
};

// Kubernetes' version priority: GA before beta before alpha, then the higher major, then the higher minor.
function versionRank(v: string): [number, number, number] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (m === null) {
    return [3, 0, 0];
  }
  const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
}

/** Sorts versions by Kubernetes' priority (`v1`, `v1beta2`, `v1beta1`, `v1alpha1`, then others by name). */
export function compareKubeVersions(a: string, b: string): number {
  const ra = versionRank(a);
  const rb = versionRank(b);
  for (let i = 0; i < 3; i++) {
    const d = (ra[i] as number) - (rb[i] as number);
    if (d !== 0) {
      return d;
    }
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function verbsOf(r: ResolvedResource): string[] {
  if (r.verbs !== undefined) {
    return [...r.verbs];
  }
  if (r.info !== undefined) {
    const set = new Set<string>();
    for (const v of r.info.verbs) {
      const api = apiVerbOf[v];
      if (api !== undefined) {
        set.add(api);
      }
    }
    return [...set].sort();
  }
  return [...allVerbs];
}

function apiResources(r: ResolvedResource): APIResource[] {
  const base = {
    namespaced: r.namespaced,
    group: r.gvr.group,
    version: r.gvr.version,
  };
  const out: APIResource[] = [
    {
      ...base,
      name: r.gvr.resource,
      singularName: r.singularName ?? r.kind.toLowerCase(),
      kind: r.kind,
      verbs: verbsOf(r),
      ...(r.shortNames !== undefined && r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
      ...(r.info !== undefined && r.info.categories.length > 0 ? { categories: [...r.info.categories] } : {}),
    },
  ];
  if (r.statusSubresource) {
    out.push({
      ...base,
      name: `${r.gvr.resource}/status`,
      singularName: '',
      kind: r.kind,
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (r.scale !== undefined) {
    out.push({
      ...base,
      group: 'autoscaling',
      version: 'v1',
      name: `${r.gvr.resource}/scale`,
      singularName: '',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  }
  return out;
}

/** Discovery over the registered resources; the answers follow later registrations. */
export class FakeDiscovery {
  private readonly version: VersionInfo;

  constructor(
    private readonly registry: ResourceRegistry,
    options: FakeDiscoveryOptions = {},
  ) {
    this.version = options.serverVersion ?? {
      major: '1',
      minor: '35',
      gitVersion: 'v1.35.0',
      gitCommit: '',
      gitTreeState: 'clean',
      buildDate: '',
      goVersion: '',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  async serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    throwIfAborted(signal);
    return { ...this.version };
  }

  /** Every registered group, the core group first, versions in Kubernetes' priority order. */
  async serverGroups(signal?: AbortSignal): Promise<APIGroupList> {
    throwIfAborted(signal);
    const versions = new Map<string, Set<string>>();
    for (const r of this.registry.all()) {
      let set = versions.get(r.gvr.group);
      if (set === undefined) {
        set = new Set();
        versions.set(r.gvr.group, set);
      }
      set.add(r.gvr.version);
    }
    const names = [...versions.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const groups: APIGroup[] = names.map((name) => {
      const vs = [...(versions.get(name) as Set<string>)].sort(compareKubeVersions).map((version) => ({
        groupVersion: groupVersionString(name, version),
        version,
      }));
      return { name, versions: vs, ...(vs[0] !== undefined ? { preferredVersion: vs[0] } : {}) };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }

  /** The resources of one group version; 404 when none is registered. */
  async serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList> {
    throwIfAborted(signal);
    const matching = this.registry.all().filter((r) => groupVersionString(r.gvr.group, r.gvr.version) === groupVersion);
    if (matching.length === 0) {
      throw notFound({ group: '', version: 'v1', resource: 'groupversion' }, groupVersion);
    }
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: matching.flatMap(apiResources),
    };
  }

  /** The resources of each group's preferred version, without subresources, as client-go's helper returns them. */
  async serverPreferredResources(signal?: AbortSignal): Promise<APIResourceList[]> {
    const groups = await this.serverGroups(signal);
    const out: APIResourceList[] = [];
    for (const g of groups.groups) {
      const preferred = g.preferredVersion?.groupVersion;
      if (preferred === undefined) {
        continue;
      }
      const list = await this.serverResourcesForGroupVersion(preferred, signal);
      out.push({ ...list, resources: list.resources.filter((r) => !r.name.includes('/')) });
    }
    return out;
  }
}
