// Apply configurations: the typed, deep-partial objects a field manager sends with server-side apply.
import type { ObjectMeta } from '../api/meta.js';

/**
 * T with every property optional, all the way down; array items are deep-partial too. Maps keep their index
 * signature. An apply configuration names only the fields its manager wants to own, so nothing below the root
 * is required by the type (the server still validates the merged object).
 */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Whether a kind lives in a namespace (`metadata.namespace` allowed) or is cluster-scoped (no namespace). */
export type ApplyScope = 'Namespaced' | 'Cluster';

/**
 * The metadata of an apply configuration: `name` required, `namespace` only for namespaced kinds, and the fields
 * a manager may own (labels, annotations, ownerReferences, finalizers, ...). managedFields and selfLink are the
 * server's.
 */
export type ApplyMetadata<S extends ApplyScope = 'Namespaced'> = DeepPartial<
  Omit<ObjectMeta, 'name' | 'namespace' | 'managedFields' | 'selfLink'>
> & { name: string } & (S extends 'Namespaced' ? { namespace?: string } : { namespace?: never });

/**
 * The apply configuration of a kind: `T` deep-partial, with `apiVersion` and `kind` fixed to the kind's literals
 * and a named `metadata`. Generated code declares one per kind (`WidgetApplyConfiguration`); the fields keep the
 * names and types of the generated type `T`, so editors jump to the same documentation.
 */
export type ApplyConfiguration<T, V extends string, K extends string, S extends ApplyScope = 'Namespaced'> = {
  [P in keyof T as P extends 'apiVersion' | 'kind' | 'metadata' ? never : P]?: DeepPartial<T[P]>;
} & { apiVersion: V; kind: K; metadata: ApplyMetadata<S> };

/** What every apply configuration has, whatever its kind: what `apply` needs to address the object. */
export interface AnyApplyConfiguration {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/**
 * A new apply configuration with apiVersion, kind and metadata filled in and nothing else: the generated
 * `<kind>(name, namespace?)` constructors call this. `namespace` is left out when not given (the client call's
 * namespace then applies).
 */
export function newApplyConfiguration<C extends AnyApplyConfiguration>(
  apiVersion: C['apiVersion'],
  kind: C['kind'],
  name: string,
  namespace?: string,
): C {
  const metadata: { name: string; namespace?: string } = { name };
  if (namespace !== undefined) {
    metadata.namespace = namespace;
  }
  // Every other field of an apply configuration is optional, so this object is a C of any kind.
  return { apiVersion, kind, metadata } as C;
}
