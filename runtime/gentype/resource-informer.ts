// The informer of one resource: shared through a SharedInformerFactory, or standalone (client-go's NewFooInformer).
import { apiVersionOf, type KubernetesObject } from '../api/meta.js';
import type { Indexers } from '../cache/indexers.js';
import { filteredListWatch, type ListerWatcher, type TweakListOptionsFunc } from '../cache/lister-watcher.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from '../cache/shared-index-informer.js';
import type { SharedInformerFactory } from '../informers/shared-informer-factory.js';
import { type ProviderSource, providerOf, type ResourceClientProvider, type ResourceRef } from './resource-client.js';

/** The key a resource's informer is registered under in a factory (`group/version/resource`). */
export function resourceKey(ref: ResourceRef): string {
  return `${ref.gvr.group}/${ref.gvr.version}/${ref.gvr.resource}`;
}

/**
 * The list and watch calls of `ref` through `provider`, scoped to `namespace` for a namespaced resource, keeping
 * the client's answer to whether it serves streaming lists.
 */
export function resourceListerWatcher<T extends KubernetesObject>(
  provider: ResourceClientProvider,
  ref: ResourceRef,
  namespace: string,
): ListerWatcher<T> {
  const client = ref.namespaced ? provider.resource<T>(ref, namespace) : provider.resource<T>(ref);
  const lw: ListerWatcher<T> = { list: (o, s) => client.list(o, s), watch: (o, s) => client.watch(o, s) };
  if (client.isWatchListSemanticsUnsupported !== undefined) {
    lw.isWatchListSemanticsUnsupported = () => client.isWatchListSemanticsUnsupported?.() ?? false;
  }
  return lw;
}

function expectedTypeOf(ref: ResourceRef): { apiVersion: string; kind: string } {
  return { apiVersion: apiVersionOf(ref.gvr.group, ref.gvr.version), kind: ref.kind };
}

/**
 * The shared informer of `ref` in `factory`: the client is made only when the informer is first built, scoped to
 * the factory's namespace when the resource is namespaced, and the factory's tweakListOptions apply.
 */
export function resourceInformer<T extends KubernetesObject>(
  factory: SharedInformerFactory,
  provider: ResourceClientProvider,
  ref: ResourceRef,
): SharedIndexInformer<T> {
  const key = resourceKey(ref);
  return factory.informerFor<T>(
    key,
    (ctx) =>
      new SharedIndexInformer<T>({
        ...ctx.informerOptions<T>(),
        name: key,
        expectedType: expectedTypeOf(ref),
        listerWatcher: filteredListWatch<T>(
          resourceListerWatcher<T>(provider, ref, ctx.namespace),
          ctx.tweakListOptions,
        ),
      }),
  );
}

/** Options of a standalone resource informer (client-go's NewFilteredFooInformer arguments). */
export interface ResourceInformerOptions<T extends KubernetesObject> {
  /** Watch only this namespace; ignored for cluster-scoped resources. @default '' (all namespaces) */
  namespace?: string;
  /** Rewrites the list and watch options (label and field selectors, ...). @default none */
  tweakListOptions?: TweakListOptionsFunc;
  /** Resync period of handlers. 0 disables. @default 0 */
  resyncPeriodMs?: number;
  /** @default { namespace: metaNamespaceIndexFunc } */
  indexers?: Indexers<T>;
  /** Further informer options (queue kind, clock, backoff, transform, ...). @default {} */
  informerOptions?: Partial<Omit<SharedIndexInformerOptions<T>, 'listerWatcher' | 'resyncPeriodMs' | 'indexers'>>;
}

/**
 * A new informer of `ref` that no factory shares: for a controller that wants its own cache, or an informer with
 * other indexers. `source` is a clientset or a provider.
 */
export function newResourceInformer<T extends KubernetesObject>(
  source: ProviderSource,
  ref: ResourceRef,
  options: ResourceInformerOptions<T> = {},
): SharedIndexInformer<T> {
  const lw = resourceListerWatcher<T>(providerOf(source), ref, options.namespace ?? '');
  return new SharedIndexInformer<T>({
    name: resourceKey(ref),
    expectedType: expectedTypeOf(ref),
    ...options.informerOptions,
    ...(options.resyncPeriodMs === undefined ? {} : { resyncPeriodMs: options.resyncPeriodMs }),
    ...(options.indexers === undefined ? {} : { indexers: options.indexers }),
    listerWatcher: filteredListWatch<T>(lw, options.tweakListOptions),
  });
}
