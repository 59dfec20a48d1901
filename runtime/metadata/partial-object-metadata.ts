// PartialObjectMetadata: an object reduced to its metadata, as the API server serves it to metadata-only clients.
import type { KubernetesObject, ListMeta, ObjectMeta } from '../api/meta.js';
import { KubeError } from '../errors/api-error.js';

/** meta.k8s.io/v1 PartialObjectMetadata: only what every object has. */
export interface PartialObjectMetadata extends KubernetesObject {
  metadata: ObjectMeta;
}

/** meta.k8s.io/v1 PartialObjectMetadataList. */
export interface PartialObjectMetadataList {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: PartialObjectMetadata[];
}

const asParams = 'g=meta.k8s.io;v=v1';
/** Accept header of get, patch and watch: the server converts each object (plain JSON still allowed, as fallback). */
export const partialObjectMetadataAccept = `application/json;as=PartialObjectMetadata;${asParams},application/json`;
/** Accept header of list. */
export const partialObjectMetadataListAccept = `application/json;as=PartialObjectMetadataList;${asParams},application/json`;

/** The metadata client read something that is not an object with metadata (see toPartialObjectMetadata). */
export class NotObjectMetadataError extends KubeError {
  constructor(what: string) {
    super(
      'KUBE_NOT_OBJECT_METADATA',
      `${what} does not look like an object's metadata (no name, uid or creationTimestamp)`,
    );
  }
}

// client-go's test for a decoded object that may be metadata at all.
function isLikelyObjectMetadata(m: ObjectMeta | undefined): boolean {
  return m !== undefined && Boolean(m.uid || m.creationTimestamp || m.name || m.generateName);
}

/**
 * The object as PartialObjectMetadata. The server's own answer is returned as is; a full object (from a server that
 * ignored the `as=` media type, such as an aggregated API) is cut down to its metadata, as client-go's fallback does.
 * Throws NotObjectMetadataError for something without recognisable metadata.
 */
export function toPartialObjectMetadata(obj: unknown, what = 'the response'): PartialObjectMetadata {
  const o = (typeof obj === 'object' && obj !== null ? obj : {}) as { kind?: unknown; metadata?: ObjectMeta };
  if (o.kind === 'PartialObjectMetadata') {
    return o as PartialObjectMetadata;
  }
  if (!isLikelyObjectMetadata(o.metadata)) {
    throw new NotObjectMetadataError(what);
  }
  return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: o.metadata as ObjectMeta };
}

/** The list as PartialObjectMetadataList; items are converted as {@link toPartialObjectMetadata} converts one. */
export function toPartialObjectMetadataList(list: unknown): PartialObjectMetadataList {
  const l = (typeof list === 'object' && list !== null ? list : {}) as {
    kind?: unknown;
    metadata?: ListMeta;
    items?: unknown;
  };
  if (l.kind === 'PartialObjectMetadataList') {
    return l as PartialObjectMetadataList;
  }
  const items = Array.isArray(l.items) ? l.items : [];
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadataList',
    metadata: l.metadata ?? {},
    items: items.map((item, i) => toPartialObjectMetadata(item, `items[${i}] of the list`)),
  };
}
