// What a generated register module says about each kind: names, scope, verbs and subresources (the kind ↔ resource table).

/** The client verbs of client-gen, in its order. `watch` is implied by `list` for custom resources. */
export type ClientVerb =
  | 'create'
  | 'update'
  | 'updateStatus'
  | 'delete'
  | 'deleteCollection'
  | 'get'
  | 'list'
  | 'watch'
  | 'patch'
  | 'apply'
  | 'applyStatus';

/** The `scale` subresource and where the replica counts live (JSON paths such as `.spec.replicas`). */
export interface ScaleSubresourceInfo {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** One kind served as a REST resource, as the generator derived it from the CRD or the OpenAPI paths. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** The REST resource name (plural, lower case). */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly ClientVerb[];
  /** Subresources served by the API (`status`, `scale`, and for built-ins others such as `log` or `eviction`). */
  readonly subresources: readonly string[];
  readonly scale?: ScaleSubresourceInfo;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}
