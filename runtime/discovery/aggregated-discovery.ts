// Converts aggregated discovery (apidiscovery.k8s.io/v2) into the classic APIGroup and APIResourceList shapes.
import type {
  APIGroup,
  APIGroupDiscoveryList,
  APIResource,
  APIResourceDiscovery,
  APIResourceList,
} from './discovery-types.js';
import { groupVersionString } from './discovery-types.js';

/** What one aggregated document says: groups, resources per group version, and versions that were stale. */
export interface AggregatedDiscovery {
  readonly groups: APIGroup[];
  readonly resources: Map<string, APIResourceList>;
  /** Group versions the server marked Stale (their aggregated API server did not answer). */
  readonly stale: Set<string>;
}

/** The Accept header that asks for aggregated discovery, falling back to the classic documents. */
export const aggregatedDiscoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** True for a response that is an aggregated discovery document rather than APIVersions/APIGroupList. */
export function isAggregatedDiscovery(body: unknown): body is APIGroupDiscoveryList {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'APIGroupDiscoveryList';
}

// Resources without a responseKind cannot be used for typed access and are skipped, as client-go does.
function convertResource(r: APIResourceDiscovery): APIResource[] {
  if (r.responseKind === undefined) {
    return [];
  }
  const namespaced = r.scope === 'Namespaced';
  const out: APIResource[] = [
    {
      name: r.resource,
      singularName: r.singularResource,
      namespaced,
      group: r.responseKind.group,
      version: r.responseKind.version,
      kind: r.responseKind.kind,
      verbs: r.verbs ?? [],
      ...(r.shortNames !== undefined ? { shortNames: r.shortNames } : {}),
      ...(r.categories !== undefined ? { categories: r.categories } : {}),
    },
  ];
  for (const s of r.subresources ?? []) {
    if (s.responseKind === undefined) {
      continue;
    }
    out.push({
      name: `${r.resource}/${s.subresource}`,
      singularName: r.singularResource,
      namespaced,
      group: s.responseKind.group,
      version: s.responseKind.version,
      kind: s.responseKind.kind,
      verbs: s.verbs ?? [],
    });
  }
  return out;
}

/** Folds an aggregated document into `into` (called for `/api`, then `/apis`). */
export function convertAggregated(doc: APIGroupDiscoveryList, into: AggregatedDiscovery): void {
  for (const g of doc.items ?? []) {
    const name = g.metadata?.name ?? '';
    const group: APIGroup = { name, versions: [] };
    for (const v of g.versions ?? []) {
      const gv = groupVersionString(name, v.version);
      group.versions.push({ groupVersion: gv, version: v.version });
      if (v.freshness === 'Stale') {
        into.stale.add(gv);
        continue;
      }
      into.resources.set(gv, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: (v.resources ?? []).flatMap(convertResource),
      });
    }
    // The server lists versions in order of preference.
    if (group.versions[0] !== undefined) {
      group.preferredVersion = group.versions[0];
    }
    into.groups.push(group);
  }
}
