// DeepReadonly<T>: how caches hand out the objects they share with every reader.

/**
 * T with every property, array and nested object read-only. Listers and event handlers receive cached objects
 * with this type: they are shared, so changing one would corrupt the cache for everyone. Copy first (the
 * generated `deepCopy<Kind>()`), then modify the copy.
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
