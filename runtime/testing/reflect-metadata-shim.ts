// The few Reflect metadata functions @peculiar/x509 (through tsyringe) needs, installed only when none exist.

type MetadataKey = unknown;
type PropertyKey = string | symbol | undefined;

interface ReflectMetadataApi {
  defineMetadata(key: MetadataKey, value: unknown, target: object, property?: PropertyKey): void;
  getOwnMetadata(key: MetadataKey, target: object, property?: PropertyKey): unknown;
  getMetadata(key: MetadataKey, target: object, property?: PropertyKey): unknown;
  metadata(key: MetadataKey, value: unknown): (target: object, property?: PropertyKey) => void;
}

const tables = new WeakMap<object, Map<PropertyKey, Map<MetadataKey, unknown>>>();

function table(target: object, property: PropertyKey, create: boolean): Map<MetadataKey, unknown> | undefined {
  let byProperty = tables.get(target);
  if (byProperty === undefined) {
    if (!create) {
      return undefined;
    }
    byProperty = new Map();
    tables.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (entries === undefined && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

const api: ReflectMetadataApi = {
  defineMetadata(key, value, target, property) {
    table(target, property, true)?.set(key, value);
  },
  getOwnMetadata(key, target, property) {
    return table(target, property, false)?.get(key);
  },
  getMetadata(key, target, property) {
    // Inherited metadata: walk the prototype chain (for classes, the parent constructor).
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const entries = table(t, property, false);
      if (entries?.has(key)) {
        return entries.get(key);
      }
    }
    return undefined;
  },
  metadata(key, value) {
    return (target, property) => api.defineMetadata(key, value, target, property);
  },
};

/**
 * Makes `Reflect.getMetadata` and friends available if no polyfill (reflect-metadata, core-js) did. @peculiar/x509
 * depends on tsyringe, which refuses to load without them; this lets envtest use it with no extra dependency.
 */
export function ensureReflectMetadata(): void {
  const reflect = Reflect as unknown as Partial<ReflectMetadataApi>;
  if (typeof reflect.getMetadata === 'function') {
    return;
  }
  Object.assign(Reflect, api);
}
