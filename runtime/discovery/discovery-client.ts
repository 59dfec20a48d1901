// DiscoveryClient: which groups, versions and resources the server serves (aggregated v2 first), cached until invalidate().
import { isForbidden, isNotFound, KubeError } from '../errors/api-error.js';
import type { RestClient } from '../rest/rest-client.js';
import { anySignal } from '../util/abort.js';
import {
  type AggregatedDiscovery,
  aggregatedDiscoveryAccept,
  convertAggregated,
  isAggregatedDiscovery,
} from './aggregated-discovery.js';
import type {
  APIGroup,
  APIGroupList,
  APIResource,
  APIResourceList,
  APIVersions,
  VersionInfo,
} from './discovery-types.js';

export interface DiscoveryClientOptions {
  /** Ask for aggregated discovery (two requests for the whole server). @default true */
  aggregated?: boolean;
  /** Per-request timeout, as client-go's discovery client. @default 32_000 */
  timeoutMs?: number;
}

/** Some group versions could not be discovered; `partial` holds what could. */
export class GroupDiscoveryFailedError extends KubeError {
  readonly failed: ReadonlyMap<string, unknown>;
  readonly partial: readonly APIResourceList[];
  constructor(failed: Map<string, unknown>, partial: APIResourceList[]) {
    super('KUBE_DISCOVERY_FAILED', `unable to discover group versions: ${[...failed.keys()].join(', ')}`, {
      cause: failed.values().next().value,
    });
    this.failed = failed;
    this.partial = partial;
  }
}

interface Snapshot {
  readonly groups: APIGroup[];
  /** Present when the server answered with aggregated discovery. */
  readonly aggregated: AggregatedDiscovery | undefined;
}

function gvPath(gv: string): string {
  return gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
}

/** Discovery for one server. Results are cached until {@link DiscoveryClient.invalidate}. */
export class DiscoveryClient {
  private readonly rest: RestClient;
  private readonly aggregated: boolean;
  private readonly timeoutMs: number;
  private snapshot: Promise<Snapshot> | undefined;
  private readonly perGroupVersion = new Map<string, Promise<APIResourceList>>();
  private version: Promise<VersionInfo> | undefined;

  constructor(rest: RestClient, options: DiscoveryClientOptions = {}) {
    this.rest = rest;
    this.aggregated = options.aggregated ?? true;
    this.timeoutMs = options.timeoutMs ?? 32_000;
  }

  /** Drops every cached document; the next call asks the server again (e.g. after a CRD was installed). */
  invalidate(): void {
    this.snapshot = undefined;
    this.version = undefined;
    this.perGroupVersion.clear();
  }

  /** `/version`. */
  serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    this.version ??= this.cached(this.get<VersionInfo>('/version', undefined, signal), () => {
      this.version = undefined;
    });
    return this.version;
  }

  /** Every served group, the core group (name `''`) first, each with its versions in order of preference. */
  async serverGroups(signal?: AbortSignal): Promise<APIGroupList> {
    const s = await this.load(signal);
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: s.groups };
  }

  /** The resources of one group version (`v1`, `apps/v1`); a 404 when the server does not serve it. */
  async serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList> {
    const s = await this.load(signal);
    const fromAggregated = s.aggregated?.resources.get(groupVersion);
    if (fromAggregated !== undefined) {
      return fromAggregated;
    }
    let p = this.perGroupVersion.get(groupVersion);
    if (p === undefined) {
      p = this.cached(this.get<APIResourceList>(gvPath(groupVersion), undefined, signal), () =>
        this.perGroupVersion.delete(groupVersion),
      );
      this.perGroupVersion.set(groupVersion, p);
    }
    return p;
  }

  /**
   * One list per discovered group version, in discovery order, holding the resources (no subresources) that are
   * served at that version by preference: a group's preferred version wins, and a resource missing there is taken
   * from the first version that has it (client-go's ServerPreferredResources; lists may be empty). Throws
   * GroupDiscoveryFailedError, with the partial result, if some group versions failed.
   */
  async serverPreferredResources(signal?: AbortSignal): Promise<APIResourceList[]> {
    const { groups } = await this.serverGroups(signal);
    const failed = new Map<string, unknown>();
    const fetched = await Promise.all(
      groups.map((g) =>
        Promise.all(
          g.versions.map((v) =>
            this.serverResourcesForGroupVersion(v.groupVersion, signal).catch((err: unknown) => {
              failed.set(v.groupVersion, err);
              return undefined;
            }),
          ),
        ),
      ),
    );
    signal?.throwIfAborted();
    const result: APIResourceList[] = [];
    groups.forEach((g, gi) => {
      const chosen = new Map<string, { list: APIResourceList; resource: APIResource }>();
      const lists: APIResourceList[] = [];
      g.versions.forEach((v, vi) => {
        const fetchedList = fetched[gi]?.[vi];
        if (fetchedList === undefined) {
          return;
        }
        const out: APIResourceList = {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: v.groupVersion,
          resources: [],
        };
        lists.push(out);
        for (const r of fetchedList.resources) {
          if (r.name.includes('/')) {
            continue;
          }
          if (chosen.has(r.name) && v.version !== g.preferredVersion?.version) {
            continue;
          }
          chosen.set(r.name, { list: out, resource: r });
        }
      });
      for (const { list, resource } of chosen.values()) {
        list.resources.push(resource);
      }
      result.push(...lists);
    });
    if (failed.size > 0) {
      throw new GroupDiscoveryFailedError(failed, result);
    }
    return result;
  }

  private load(signal?: AbortSignal): Promise<Snapshot> {
    this.snapshot ??= this.cached(this.fetchSnapshot(signal), () => {
      this.snapshot = undefined;
    });
    return this.snapshot;
  }

  private async fetchSnapshot(signal?: AbortSignal): Promise<Snapshot> {
    const accept = this.aggregated ? aggregatedDiscoveryAccept : undefined;
    const [core, apis] = await Promise.all([
      // A server may hide the legacy group (404) or forbid it; discovery still works for the named groups.
      this.get<unknown>('/api', accept, signal).catch((err: unknown) => {
        if (isNotFound(err) || isForbidden(err)) {
          return undefined;
        }
        throw err;
      }),
      this.get<unknown>('/apis', accept, signal),
    ]);
    if (isAggregatedDiscovery(apis)) {
      const agg: AggregatedDiscovery = { groups: [], resources: new Map(), stale: new Set() };
      if (isAggregatedDiscovery(core)) {
        convertAggregated(core, agg);
      } else if (core !== undefined) {
        agg.groups.push(legacyGroup(core as APIVersions));
      }
      convertAggregated(apis, agg);
      return { groups: agg.groups, aggregated: agg };
    }
    const groups: APIGroup[] = [];
    if (core !== undefined) {
      groups.push(isAggregatedDiscovery(core) ? legacyFromAggregated(core) : legacyGroup(core as APIVersions));
    }
    groups.push(...((apis as APIGroupList).groups ?? []));
    return { groups, aggregated: undefined };
  }

  private get<T>(path: string, accept: string | undefined, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return this.rest.request<T>(
      { method: 'GET', path, ...(accept !== undefined ? { accept } : {}) },
      anySignal(signal, timeout),
    );
  }

  // Failed or aborted fetches are not cached: the next call tries again.
  private cached<T>(p: Promise<T>, forget: () => void): Promise<T> {
    p.catch(forget);
    return p;
  }
}

function legacyGroup(doc: APIVersions): APIGroup {
  const versions = (doc.versions ?? []).map((v) => ({ groupVersion: v, version: v }));
  return { name: '', versions, ...(versions[0] !== undefined ? { preferredVersion: versions[0] } : {}) };
}

function legacyFromAggregated(doc: Parameters<typeof convertAggregated>[0]): APIGroup {
  const agg: AggregatedDiscovery = { groups: [], resources: new Map(), stale: new Set() };
  convertAggregated(doc, agg);
  return agg.groups[0] ?? { name: '', versions: [] };
}
