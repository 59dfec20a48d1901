// The discovery documents: metav1 APIGroupList/APIResourceList, version.Info, and aggregated discovery v2.

/** `/version`: the server's build. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
}

/** One version of a group: `groupVersion` is `group/version` (`v1` for the core group). */
export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

/** A served API group; the core group has the name `''`. Versions are in the server's order of preference. */
export interface APIGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
}

export interface APIGroupList {
  kind?: string;
  apiVersion?: string;
  groups: APIGroup[];
}

/** One REST resource of a group version; subresources are named `parent/sub`. */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface APIResourceList {
  kind?: string;
  apiVersion?: string;
  groupVersion: string;
  resources: APIResource[];
}

/** `/api` without aggregated discovery. */
export interface APIVersions {
  kind?: string;
  versions: string[];
}

/** apidiscovery.k8s.io/v2: a subresource of a resource. */
export interface APISubresourceDiscovery {
  subresource: string;
  responseKind?: { group: string; version: string; kind: string };
  acceptedTypes?: { group: string; version: string; kind: string }[];
  verbs: string[];
}

/** apidiscovery.k8s.io/v2: a resource of a version. */
export interface APIResourceDiscovery {
  resource: string;
  responseKind?: { group: string; version: string; kind: string };
  scope: 'Namespaced' | 'Cluster' | string;
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

/** apidiscovery.k8s.io/v2: a version of a group; `Stale` means its aggregated API server did not answer. */
export interface APIVersionDiscovery {
  version: string;
  resources?: APIResourceDiscovery[];
  freshness?: 'Current' | 'Stale' | string;
}

export interface APIGroupDiscovery {
  metadata?: { name?: string };
  versions?: APIVersionDiscovery[];
}

/** The aggregated discovery document served by `/api` and `/apis` for the v2 Accept type. */
export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion?: string;
  items?: APIGroupDiscovery[];
}

/** `group/version`, or `version` for the core group. */
export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Splits `group/version` (or a bare core `version`). */
export function parseGroupVersion(gv: string): { group: string; version: string } {
  const i = gv.indexOf('/');
  return i === -1 ? { group: '', version: gv } : { group: gv.slice(0, i), version: gv.slice(i + 1) };
}
