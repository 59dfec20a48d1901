// Listers: read-only queries over an informer's indexer, with the API server's NotFound errors.
import type { KubernetesObject } from '../api/meta.js';
import { ApiError } from '../errors/api-error.js';
import { parseSelector } from '../labels/parser.js';
import type { Selector } from '../labels/selector.js';
import { logger } from '../util/logger.js';
import type { DeepReadonly } from './deep-readonly.js';
import { NAMESPACE_INDEX } from './indexers.js';
import type { Indexer, Store } from './store.js';

/** The API group and plural resource a lister serves, for error messages. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/** Lists and gets cached objects of one namespace. */
export interface NamespaceLister<T> {
  /** Objects of the namespace matching `selector` (all when omitted). */
  list(selector?: Selector | string): DeepReadonly<T>[];
  /** The object named `name`; throws an ApiError NotFound (404) like the API server when absent. */
  get(name: string): DeepReadonly<T>;
}

/** Lists and gets cached objects (client-go's GenericLister; generated listers wrap it). */
export interface Lister<T> {
  /** Objects of every namespace matching `selector` (all when omitted). */
  list(selector?: Selector | string): DeepReadonly<T>[];
  /** A cluster-scoped object by name; throws an ApiError NotFound when absent. */
  get(name: string): DeepReadonly<T>;
  /** The objects of one namespace. */
  namespace(namespace: string): NamespaceLister<T>;
}

/** The ApiError the API server returns for a missing object (apimachinery's NewNotFound). */
export function notFoundError(resource: GroupResource, name: string): ApiError {
  const qualified = resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: 404,
    reason: 'NotFound',
    message: `${qualified} "${name}" not found`,
    details: { name, group: resource.group, kind: resource.resource },
  });
}

function toSelector(selector: Selector | string | undefined): Selector | undefined {
  if (selector === undefined) {
    return undefined;
  }
  return typeof selector === 'string' ? parseSelector(selector) : selector;
}

function labelsOf(obj: unknown): Record<string, string> | undefined {
  return (obj as KubernetesObject).metadata?.labels;
}

/** Appends the objects of `store` that match `selector` (client-go's ListAll). */
export function listAll<T>(store: Store<T>, selector: Selector | undefined, append: (obj: T) => void): void {
  if (selector?.matchesNothing) {
    return;
  }
  const all = selector === undefined || selector.empty();
  for (const obj of store.list()) {
    if (all || (selector as Selector).matches(labelsOf(obj))) {
      append(obj);
    }
  }
}

/** Appends the objects of one namespace, through the namespace index when there is one (client-go's ListAllByNamespace). */
export function listAllByNamespace<T>(
  indexer: Indexer<T>,
  namespace: string,
  selector: Selector | undefined,
  append: (obj: T) => void,
): void {
  if (selector?.matchesNothing) {
    return;
  }
  if (namespace === '') {
    listAll(indexer, selector, append);
    return;
  }
  const all = selector === undefined || selector.empty();
  let items: T[];
  try {
    items = indexer.byIndex(NAMESPACE_INDEX, namespace);
  } catch (err) {
    logger().debug('Listing by namespace without the namespace index; scanning', { err });
    items = indexer.list().filter((o) => (o as KubernetesObject).metadata?.namespace === namespace);
  }
  for (const obj of items) {
    if (all || (selector as Selector).matches(labelsOf(obj))) {
      append(obj);
    }
  }
}

class IndexerNamespaceLister<T> implements NamespaceLister<T> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly ns: string,
    private readonly resource: GroupResource,
  ) {}

  list(selector?: Selector | string): DeepReadonly<T>[] {
    const out: DeepReadonly<T>[] = [];
    listAllByNamespace(this.indexer, this.ns, toSelector(selector), (o) => out.push(o as DeepReadonly<T>));
    return out;
  }

  get(name: string): DeepReadonly<T> {
    const obj = this.indexer.getByKey(`${this.ns}/${name}`);
    if (obj === undefined) {
      throw notFoundError(this.resource, name);
    }
    return obj as DeepReadonly<T>;
  }
}

class IndexerLister<T> implements Lister<T> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly resource: GroupResource,
  ) {}

  list(selector?: Selector | string): DeepReadonly<T>[] {
    const out: DeepReadonly<T>[] = [];
    listAll(this.indexer, toSelector(selector), (o) => out.push(o as DeepReadonly<T>));
    return out;
  }

  get(name: string): DeepReadonly<T> {
    const obj = this.indexer.getByKey(name);
    if (obj === undefined) {
      throw notFoundError(this.resource, name);
    }
    return obj as DeepReadonly<T>;
  }

  namespace(namespace: string): NamespaceLister<T> {
    return new IndexerNamespaceLister(this.indexer, namespace, this.resource);
  }
}

/** A lister over `indexer` for `resource` (client-go's NewGenericLister). */
export function newLister<T>(indexer: Indexer<T>, resource: GroupResource): Lister<T> {
  return new IndexerLister(indexer, resource);
}
