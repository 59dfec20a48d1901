// What the fake knows about each resource: GVR <-> kind, scope, subresources, selectable fields and merge hints.
import type { GroupVersionKind, GroupVersionResource } from '../api/meta.js';
import { apiVersionOf } from '../api/meta.js';
import type { ResourceInfo } from '../api/resource-info.js';
import { KubeError } from '../errors/api-error.js';

/** Where the `/scale` subresource reads and writes replicas (a CRD's `subresources.scale`), as `.a.b` paths. */
export interface ScaleSubresource {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  /** @default none: the Scale has no `status.selector` */
  readonly labelSelectorPath?: string;
}

/**
 * How server-side apply and strategic merge treat the field at a path (`.spec.ports`, or `.spec.containers[].ports`
 * below a list): the schema's `x-kubernetes-list-type`/`x-kubernetes-list-map-keys` and `x-kubernetes-map-type`.
 * Lists without a hint are atomic; maps without a hint are merged key by key.
 */
export type FieldMergeHint =
  | { readonly listType: 'map'; readonly keys: readonly string[] }
  | { readonly listType: 'set' }
  | { readonly listType: 'atomic' }
  | { readonly mapType: 'atomic' };

/**
 * One resource the tracker serves. A gentype ResourceRef is a valid registration: its `info` (the generated register
 * module's entry) supplies listKind, subresources, scale paths, verbs and names; explicit fields here override it.
 */
export interface ResourceRegistration {
  readonly gvr: GroupVersionResource;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly info?: ResourceInfo;
  /** @default info.listKind, else `${kind}List` */
  readonly listKind?: string;
  /** `update` keeps `.status` and `updateStatus` changes only `.status`. @default info.subresources has 'status' */
  readonly statusSubresource?: boolean;
  /** @default info.scale: no `/scale` subresource without it */
  readonly scale?: ScaleSubresource;
  /**
   * Extra fields a field selector may use (a CRD's `selectableFields` jsonPaths, such as `.spec.color`);
   * `metadata.name` and `metadata.namespace` are always selectable.
   * @default []
   */
  readonly selectableFields?: readonly string[];
  /** Merge hints by path for apply and strategic-merge patches. @default {} */
  readonly mergeHints?: Readonly<Record<string, FieldMergeHint>>;
  /** Accept `update` without `metadata.resourceVersion` (false for custom resources on a real server). @default true */
  readonly allowUnconditionalUpdate?: boolean;
  /** Strategic-merge patches: applied as merge patches using the merge hints, or rejected with 415 as the API server does for custom resources. @default 'merge' */
  readonly strategicMergePatch?: 'merge' | 'reject';
  /** Short names and singular for discovery. @default info's, else none and the lower-cased kind */
  readonly shortNames?: readonly string[];
  readonly singularName?: string;
  /** Verbs discovery reports (API verbs: get, list, watch, create, update, patch, delete, deletecollection). @default from info, else all */
  readonly verbs?: readonly string[];
}

/** A registration with its defaults filled in. */
export interface ResolvedResource extends ResourceRegistration {
  readonly listKind: string;
  readonly statusSubresource: boolean;
  readonly selectableFields: readonly string[];
  readonly mergeHints: Readonly<Record<string, FieldMergeHint>>;
  readonly allowUnconditionalUpdate: boolean;
  readonly strategicMergePatch: 'merge' | 'reject';
  readonly apiVersion: string;
}

/** The tracker was asked about a resource or kind nobody registered. */
export class UnknownResourceError extends KubeError {
  constructor(what: string) {
    super('FAKE_UNKNOWN_RESOURCE', `the fake does not know ${what}; register it with the ObjectTracker`);
  }
}

/** `group/version/resource`, the key of a GVR in maps. */
export function gvrKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Registered resources, looked up by GVR or by apiVersion and kind. */
export class ResourceRegistry {
  private readonly byGvr = new Map<string, ResolvedResource>();
  private readonly byGvk = new Map<string, ResolvedResource>();

  constructor(resources: readonly ResourceRegistration[] = []) {
    for (const r of resources) {
      this.register(r);
    }
  }

  /** Adds or replaces a resource; returns it resolved. */
  register(r: ResourceRegistration): ResolvedResource {
    const info = r.info;
    const scale = r.scale ?? info?.scale;
    const shortNames = r.shortNames ?? info?.shortNames;
    const singularName = r.singularName ?? info?.singular;
    const resolved: ResolvedResource = {
      ...r,
      listKind: r.listKind ?? info?.listKind ?? `${r.kind}List`,
      statusSubresource: r.statusSubresource ?? info?.subresources.includes('status') ?? false,
      ...(scale !== undefined ? { scale } : {}),
      ...(shortNames !== undefined ? { shortNames } : {}),
      ...(singularName !== undefined ? { singularName } : {}),
      selectableFields: r.selectableFields ?? [],
      mergeHints: r.mergeHints ?? {},
      allowUnconditionalUpdate: r.allowUnconditionalUpdate ?? true,
      strategicMergePatch: r.strategicMergePatch ?? 'merge',
      apiVersion: apiVersionOf(r.gvr.group, r.gvr.version),
    };
    this.byGvr.set(gvrKey(r.gvr), resolved);
    // The first resource registered for a kind wins, so a kind's main resource is not shadowed by an alias.
    const k = gvkKey(resolved.apiVersion, r.kind);
    if (!this.byGvk.has(k)) {
      this.byGvk.set(k, resolved);
    }
    return resolved;
  }

  /** The resource of a GVR, if registered. */
  find(gvr: GroupVersionResource): ResolvedResource | undefined {
    return this.byGvr.get(gvrKey(gvr));
  }

  /** The resource of a GVR; throws {@link UnknownResourceError} if unregistered. */
  get(gvr: GroupVersionResource): ResolvedResource {
    const r = this.find(gvr);
    if (r === undefined) {
      throw new UnknownResourceError(`resource ${gvrKey(gvr)}`);
    }
    return r;
  }

  /** The resource serving objects of `apiVersion` and `kind`; throws {@link UnknownResourceError} if none. */
  forKind(apiVersion: string, kind: string): ResolvedResource {
    const r = this.byGvk.get(gvkKey(apiVersion, kind));
    if (r === undefined) {
      throw new UnknownResourceError(`kind ${kind} in ${apiVersion || 'the core group'}`);
    }
    return r;
  }

  /** The GroupVersionKind of a registered resource. */
  static gvk(r: ResolvedResource): GroupVersionKind {
    return { group: r.gvr.group, version: r.gvr.version, kind: r.kind };
  }

  /** Every registered resource, in registration order. */
  all(): ResolvedResource[] {
    return [...this.byGvr.values()];
  }
}
