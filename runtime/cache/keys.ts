// Key functions: how objects map to the `namespace/name` strings that stores, FIFOs and workqueues use.
import { isDeletedFinalStateUnknown } from '../api/meta.js';
import { KeyError } from './errors.js';

/** Computes the store key of an object; throws {@link KeyError} if it cannot. */
export type KeyFunc = (obj: unknown) => string;

/** The metadata a key function needs; any parsed Kubernetes object has it. */
interface MetaLike {
  metadata?: { name?: string; namespace?: string } | null;
}

function metaOf(obj: unknown): { name?: string; namespace?: string } | undefined {
  if (typeof obj !== 'object' || obj === null) {
    return undefined;
  }
  const m = (obj as MetaLike).metadata;
  return typeof m === 'object' && m !== null ? m : undefined;
}

/**
 * `namespace/name`, or `name` for cluster-scoped objects. A string is taken as an explicit, already computed key
 * (client-go's ExplicitKey), so workqueue keys and tombstone keys pass through.
 */
export function metaNamespaceKeyFunc(obj: unknown): string {
  if (typeof obj === 'string') {
    return obj;
  }
  const meta = metaOf(obj);
  if (meta === undefined) {
    throw new KeyError(obj, new Error('object has no meta: metadata is missing'));
  }
  const name = meta.name ?? '';
  const ns = meta.namespace;
  return ns !== undefined && ns.length > 0 ? `${ns}/${name}` : name;
}

/** Like {@link metaNamespaceKeyFunc}, but a DeletedFinalStateUnknown tombstone yields the key it carries. */
export function deletionHandlingMetaNamespaceKeyFunc(obj: unknown): string {
  if (isDeletedFinalStateUnknown(obj)) {
    return obj.key;
  }
  return metaNamespaceKeyFunc(obj);
}

/** Splits a key into namespace and name; throws {@link KeyError} for more than one `/`. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) {
    return { namespace: '', name: parts[0] as string };
  }
  if (parts.length === 2) {
    return { namespace: parts[0] as string, name: parts[1] as string };
  }
  throw new KeyError(key, new Error(`unexpected key format: ${JSON.stringify(key)}`));
}

/** The namespace and name of an object, or of the key a tombstone carries. */
export function deletionHandlingObjectToName(obj: unknown): { namespace: string; name: string } {
  return splitMetaNamespaceKey(deletionHandlingMetaNamespaceKeyFunc(obj));
}
