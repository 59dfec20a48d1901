// apimachinery's meta/v1 object model (metav1), hand-written: the types every generated kind builds on.
//
// Field names and optionality follow the Kubernetes OpenAPI definitions
// `io.k8s.apimachinery.pkg.apis.meta.v1.*`. The generator maps references to those definitions onto these
// types, so CRD kinds and built-in kinds share one ObjectMeta.

/** RFC 3339 date-time string, as the API serves it (objects are never revived into Date). */
export type Time = string;
/** RFC 3339 date-time string with microseconds. */
export type MicroTime = string;
/** A resource quantity such as `"100m"` or `"1Gi"`. */
export type Quantity = string;
/** `x-kubernetes-int-or-string`. */
export type IntOrString = number | string;

/** runtime.RawExtension: an embedded object of any kind, kept as parsed JSON. */
export type RawExtension = { [key: string]: unknown };

/** apiVersion and kind, present on every top-level object on the wire. */
export interface TypeMeta {
  apiVersion?: string;
  kind?: string;
}

/** Identifies the controller or owner of an object; garbage collection follows these. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One manager's ownership record for server-side apply. */
export interface ManagedFieldsEntry {
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  manager?: string;
  operation?: string;
  subresource?: string;
  time?: Time;
}

/** Standard object metadata. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: Time;
  deletionTimestamp?: Time;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

/** Metadata of list responses: the collection's resourceVersion and the continue token for paging. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  selfLink?: string;
}

/** The shape every Kubernetes object has: TypeMeta plus ObjectMeta. */
export interface KubernetesObject extends TypeMeta {
  metadata?: ObjectMeta;
}

/** The shape of every `<Kind>List`. */
export interface KubernetesList<T> extends TypeMeta {
  metadata: ListMeta;
  items: T[];
}

/** A label query: matchLabels ANDed with matchExpressions. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** The standard condition type of `status.conditions`. */
export interface Condition {
  type: string;
  status: string;
  observedGeneration?: number;
  lastTransitionTime: Time;
  reason: string;
  message: string;
}

/** One cause of a failure, as carried by {@link StatusDetails}. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status: the body of failed requests and of watch ERROR events. */
export interface Status extends TypeMeta {
  metadata?: ListMeta;
  status?: 'Success' | 'Failure' | string;
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** Group, version and kind of a type. `group` is `''` for the core group. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** Group, version and resource (plural) of a REST collection. */
export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** A stored object whose final state is unknown: emitted for deletions missed while the watch was down. */
export interface DeletedFinalStateUnknown<T> {
  readonly kind: 'DeletedFinalStateUnknown';
  readonly key: string;
  readonly obj: T | undefined;
}

/** Type guard for {@link DeletedFinalStateUnknown} tombstones. */
export function isDeletedFinalStateUnknown<T>(x: unknown): x is DeletedFinalStateUnknown<T> {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { kind?: unknown }).kind === 'DeletedFinalStateUnknown' &&
    typeof (x as { key?: unknown }).key === 'string'
  );
}

/** autoscaling/v1 Scale: the body of the `/scale` subresource. */
export interface Scale extends TypeMeta {
  metadata?: ObjectMeta;
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

/** The API group `apiVersion` string for a group and version (`v1` for the core group). */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}
