// MetadataClient: get, list, watch, patch and delete any resource as PartialObjectMetadata (client-go's metadata client).
import type { GroupVersionResource } from '../api/meta.js';
import {
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  patchContentTypes,
} from '../api/options.js';
import type { Watch } from '../api/watch-event.js';
import { getQuery, listQuery, writeQuery } from '../rest/query-params.js';
import { ResourceClient } from '../rest/resource-client.js';
import type { RestClient } from '../rest/rest-client.js';
import { openWatch, type WatchOptions } from '../rest/watch-request.js';
import {
  type PartialObjectMetadata,
  type PartialObjectMetadataList,
  partialObjectMetadataAccept,
  partialObjectMetadataListAccept,
  toPartialObjectMetadata,
  toPartialObjectMetadataList,
} from './partial-object-metadata.js';

// A bookmark carries only a resourceVersion (no name or uid), so it is re-typed without the metadata check.
function decodeWatchObject(object: unknown, type: string): PartialObjectMetadata {
  if (type !== 'BOOKMARK') {
    return toPartialObjectMetadata(object, `a ${type} watch event`);
  }
  const o = object as PartialObjectMetadata;
  return o.kind === 'PartialObjectMetadata'
    ? o
    : { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: o.metadata ?? {} };
}

/**
 * One resource through the metadata client. The server sends only each object's metadata, so an informer over it
 * caches a fraction of the full objects' memory: right for controllers that need names, labels, owners and
 * finalizers of many objects (a garbage collector, a quota counter) but never their spec.
 */
export class MetadataResourceClient {
  // Builds the paths and sends the deletes; reads go through the RestClient with the metadata media types.
  private readonly client: ResourceClient<PartialObjectMetadata>;

  constructor(
    private readonly rest: RestClient,
    readonly gvr: GroupVersionResource,
    /** '' for all namespaces or a cluster-scoped resource. */
    readonly namespaceName = '',
  ) {
    this.client = new ResourceClient<PartialObjectMetadata>({ rest, gvr, namespaced: true, namespace: namespaceName });
  }

  /** The same resource in one namespace ('' for all namespaces, or a cluster-scoped resource). */
  namespace(namespace: string): MetadataResourceClient {
    return new MetadataResourceClient(this.rest, this.gvr, namespace);
  }

  async get(name: string, opts: GetOptions = {}, signal?: AbortSignal): Promise<PartialObjectMetadata> {
    const got = await this.rest.request<unknown>(
      { method: 'GET', path: this.client.path(name), query: getQuery(opts), accept: partialObjectMetadataAccept },
      signal,
    );
    return toPartialObjectMetadata(got);
  }

  async list(opts: ListOptions = {}, signal?: AbortSignal): Promise<PartialObjectMetadataList> {
    const list = await this.rest.request<unknown>(
      {
        method: 'GET',
        path: this.client.path(),
        query: listQuery(opts),
        accept: partialObjectMetadataListAccept,
        list: true,
      },
      signal,
    );
    return toPartialObjectMetadataList(list);
  }

  /** Watches the objects' metadata; each event's object is PartialObjectMetadata. */
  watch(opts: WatchOptions = {}, signal?: AbortSignal): Promise<Watch<PartialObjectMetadata>> {
    return openWatch<PartialObjectMetadata>(
      this.rest,
      this.client.path(),
      { ...opts, accept: partialObjectMetadataAccept, decodeObject: decodeWatchObject },
      signal,
    );
  }

  /** Patches the object (metadata fields are what a metadata client changes) and returns its metadata. */
  async patch(
    name: string,
    type: PatchType,
    body: unknown,
    opts: PatchOptions = {},
    signal?: AbortSignal,
  ): Promise<PartialObjectMetadata> {
    const patched = await this.rest.request<unknown>(
      {
        method: 'PATCH',
        path: this.client.path(name),
        query: writeQuery(opts),
        body,
        contentType: patchContentTypes[type],
        accept: partialObjectMetadataAccept,
      },
      signal,
    );
    return toPartialObjectMetadata(patched);
  }

  /** Deletes one object; the answer (a Status or the object) is not needed by a metadata client. */
  async delete(name: string, opts: DeleteOptions = {}, signal?: AbortSignal): Promise<void> {
    await this.client.delete(name, opts, signal);
  }

  async deleteCollection(opts: DeleteOptions = {}, listOpts: ListOptions = {}, signal?: AbortSignal): Promise<void> {
    await this.client.deleteCollection(opts, listOpts, signal);
  }
}

/** client-go's metadata.Interface: `metadata.resource(gvr).namespace(ns).list()`. */
export class MetadataClient {
  constructor(private readonly rest: RestClient) {}

  /** A client for one resource; call `.namespace(ns)` on it for one namespace. */
  resource(gvr: GroupVersionResource): MetadataResourceClient {
    return new MetadataResourceClient(this.rest, gvr);
  }
}
