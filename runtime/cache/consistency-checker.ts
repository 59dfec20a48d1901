// Compares a cache with a fresh LIST, like client-go's watch-list data consistency detector; for tests and probes.
import type { KubernetesObject } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc } from './keys.js';
import type { ListerWatcher } from './lister-watcher.js';
import { DEFAULT_PAGE_SIZE, listAllPages } from './pager.js';
import type { TransformFunc } from './store.js';

/** One object whose cached copy differs from the listed one. */
export interface ConsistencyDifference {
  readonly key: string;
  readonly cacheResourceVersion: string | undefined;
  readonly listResourceVersion: string | undefined;
}

/** What {@link checkCacheConsistency} found. */
export interface ConsistencyReport {
  readonly consistent: boolean;
  /** The LIST's resourceVersion. */
  readonly resourceVersion: string;
  /** Keys the LIST has and the cache lacks. */
  readonly missing: readonly string[];
  /** Keys the cache has and the LIST lacks. */
  readonly extra: readonly string[];
  readonly differing: readonly ConsistencyDifference[];
}

/** Options of {@link checkCacheConsistency}. */
export interface ConsistencyCheckOptions<T> {
  /** The cache: an informer's indexer or any store. */
  readonly store: { list(): T[] };
  readonly listerWatcher: Pick<ListerWatcher<T>, 'list'>;
  /** Selectors of the informer, so the LIST covers the same objects. RV "" (a consistent read) unless set. @default {} */
  readonly listOptions?: ListOptions;
  /** The informer's transform, applied to listed objects before comparing. @default none */
  readonly transform?: TransformFunc<T>;
  /** `resourceVersion` compares versions only; `deep` compares whole objects. @default 'resourceVersion' */
  readonly compare?: 'resourceVersion' | 'deep';
  /** @default deletionHandlingMetaNamespaceKeyFunc */
  readonly keyFunc?: KeyFunc;
  /** @default 500 */
  readonly pageSize?: number;
}

function rvOf(obj: unknown): string | undefined {
  return (obj as KubernetesObject).metadata?.resourceVersion;
}

/** Structural equality of parsed JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/**
 * Lists the resource (paged) and compares it with the cache. Only meaningful once the cache has caught up: call it
 * when no changes are in flight, or retry until consistent.
 */
export async function checkCacheConsistency<T>(
  options: ConsistencyCheckOptions<T>,
  signal?: AbortSignal,
): Promise<ConsistencyReport> {
  const keyFunc = options.keyFunc ?? deletionHandlingMetaNamespaceKeyFunc;
  const listOptions: ListOptions = { resourceVersion: '', ...options.listOptions };
  const listed = await listAllPages(
    options.listerWatcher.list.bind(options.listerWatcher),
    listOptions,
    options.pageSize ?? DEFAULT_PAGE_SIZE,
    signal,
  );
  const fromList = new Map<string, T>();
  for (const item of listed.items) {
    fromList.set(keyFunc(item), options.transform === undefined ? item : options.transform(item));
  }
  const fromCache = new Map<string, T>();
  for (const item of options.store.list()) {
    fromCache.set(keyFunc(item), item);
  }
  const missing: string[] = [];
  const extra: string[] = [];
  const differing: ConsistencyDifference[] = [];
  const deep = options.compare === 'deep';
  for (const [key, l] of fromList) {
    const c = fromCache.get(key);
    if (c === undefined) {
      missing.push(key);
    } else if (deep ? !jsonEqual(c, l) : rvOf(c) !== rvOf(l)) {
      differing.push({ key, cacheResourceVersion: rvOf(c), listResourceVersion: rvOf(l) });
    }
  }
  for (const key of fromCache.keys()) {
    if (!fromList.has(key)) {
      extra.push(key);
    }
  }
  return {
    consistent: missing.length === 0 && extra.length === 0 && differing.length === 0,
    resourceVersion: listed.resourceVersion,
    missing: missing.sort(),
    extra: extra.sort(),
    differing,
  };
}
