// Unstructured objects: every Kubernetes object as plain parsed JSON, typed only by what every object has.
import type { KubernetesObject, ListMeta, TypeMeta } from '../api/meta.js';

/** An object of any kind. apiVersion, kind and metadata are typed; everything else is `unknown`. */
export interface Unstructured extends KubernetesObject {
  [field: string]: unknown;
}

/** A list of objects of any kind. */
export interface UnstructuredList extends TypeMeta {
  metadata: ListMeta;
  items: Unstructured[];
  [field: string]: unknown;
}

/** Reads a nested field (`nestedField(obj, 'spec', 'replicas')`); undefined when any step is missing. */
export function nestedField(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
