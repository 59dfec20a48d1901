// DynamicClient: every verb on any resource (built-in or custom, namespaced or not) over unstructured JSON.
import type { GroupVersionResource } from '../api/meta.js';
import { ResourceClient } from '../rest/resource-client.js';
import type { RestClient } from '../rest/rest-client.js';
import type { Unstructured, UnstructuredList } from './unstructured.js';

/**
 * A resource of the dynamic client: get, list, watch, create, update, updateStatus, patch, patchStatus, apply,
 * applyStatus, delete, deleteCollection, getScale and updateScale. Without `namespace()`, lists and watches span
 * all namespaces and cluster-scoped resources are addressed directly.
 */
export type DynamicResourceClient = ResourceClient<Unstructured, UnstructuredList>;

/** client-go's dynamic.Interface: `dynamic.resource(gvr).namespace(ns).get(name)`. */
export class DynamicClient {
  private readonly rest: RestClient;

  constructor(rest: RestClient) {
    this.rest = rest;
  }

  /** A client for one resource; call `.namespace(ns)` on it for namespaced objects. */
  resource(gvr: GroupVersionResource): DynamicResourceClient {
    // `namespaced: true` only means "put the namespace in the path when one is set": with none, the path is the
    // cluster-wide one, which is right both for cluster-scoped resources and for all-namespace lists.
    return new ResourceClient<Unstructured, UnstructuredList>({ rest: this.rest, gvr, namespaced: true });
  }
}
