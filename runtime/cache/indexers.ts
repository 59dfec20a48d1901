// Index functions: secondary keys an Indexer maintains next to the primary key (namespace, owner, node, ...).

/** Returns the index values of an object; several values index it under each. Throwing rejects the write. */
export type IndexFunc<T = unknown> = (obj: T) => readonly string[];

/** Index functions by index name. */
export type Indexers<T = unknown> = Readonly<Record<string, IndexFunc<T>>>;

/** The name of the index every informer has by default. */
export const NAMESPACE_INDEX = 'namespace';

/** Indexes an object by its namespace (`""` for cluster-scoped objects). */
export function metaNamespaceIndexFunc(obj: unknown): readonly string[] {
  if (typeof obj !== 'object' || obj === null) {
    throw new Error('object has no meta');
  }
  const meta = (obj as { metadata?: { namespace?: string } | null }).metadata;
  if (typeof meta !== 'object' || meta === null) {
    throw new Error('object has no meta');
  }
  return [meta.namespace ?? ''];
}

/** Turns a single-valued index function into a key function, as client-go's IndexFuncToKeyFuncAdapter. */
export function indexFuncToKeyFunc<T>(indexFunc: IndexFunc<T>): (obj: T) => string {
  return (obj) => {
    const keys = indexFunc(obj);
    if (keys.length > 1) {
      throw new Error(`too many keys: ${keys.join(', ')}`);
    }
    if (keys.length === 0) {
      throw new Error('unexpected empty indexKeys');
    }
    return keys[0] as string;
  };
}
