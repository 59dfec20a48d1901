// A shared informer factory keyed by GroupVersionResource at run time: the base of the dynamic and metadata factories.
import type { GroupVersionResource, KubernetesObject } from '../api/meta.js';
import { type Lister, newLister } from '../cache/lister.js';
import { filteredListWatch, type ListerWatcher } from '../cache/lister-watcher.js';
import { SharedIndexInformer } from '../cache/shared-index-informer.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from './shared-informer-factory.js';

/** One resource of a client: its list and watch across all namespaces, or (via namespace()) in one. */
export interface NamespaceableListerWatcher<T> extends ListerWatcher<T> {
  namespace(namespace: string): ListerWatcher<T>;
}

/** What a GVR-keyed factory needs of a client: the dynamic and the metadata clients both have it. */
export interface GroupVersionResourceSource<T> {
  resource(gvr: GroupVersionResource): NamespaceableListerWatcher<T>;
}

/** The informer and lister of one resource (client-go's GenericInformer). */
export interface ResourceInformer<T extends KubernetesObject> {
  informer(): SharedIndexInformer<T>;
  lister(): Lister<T>;
}

/** The key a resource's informer has in waitForCacheSync's answer: `group/version/resource`. */
export function groupVersionResourceKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

/**
 * One shared informer per GroupVersionResource, for controllers that learn their resources at run time (from
 * discovery, a CRD, a flag), as client-go's dynamicinformer and metadatainformer factories. Options are the typed
 * factory's; a `namespace` scopes every informer, so give one only for namespaced resources, as client-go does.
 */
export class GroupVersionResourceInformerFactory<T extends KubernetesObject> {
  private readonly base: SharedInformerFactory;
  // Resource keys asked for; the base factory stores informers under its own scoped keys.
  private readonly resources = new Set<string>();

  constructor(
    private readonly source: GroupVersionResourceSource<T>,
    options: SharedInformerFactoryOptions = {},
  ) {
    this.base = new SharedInformerFactory(options);
  }

  /** The namespace every informer watches; '' for all. */
  get namespace(): string {
    return this.base.namespace;
  }

  /** The shared informer and lister of `gvr`; the informer is made on first use and shared afterwards. */
  forResource(gvr: GroupVersionResource): ResourceInformer<T> {
    const key = groupVersionResourceKey(gvr);
    this.resources.add(key);
    const informer = (): SharedIndexInformer<T> =>
      this.base.informerFor<T>(key, (ctx) => {
        const all = this.source.resource(gvr);
        const scoped = ctx.namespace === '' ? all : all.namespace(ctx.namespace);
        return new SharedIndexInformer<T>({
          ...ctx.informerOptions<T>(),
          name: key,
          listerWatcher: filteredListWatch(scoped, ctx.tweakListOptions),
        });
      });
    return {
      informer,
      lister: () => newLister(informer().getIndexer(), { group: gvr.group, resource: gvr.resource }),
    };
  }

  /** Starts every informer asked for and not started yet. A no-op after shutdown. */
  start(signal?: AbortSignal): void {
    this.base.start(signal);
  }

  /**
   * Waits for the started informers; resolves with each one's synced state (false if `signal` aborted first), keyed
   * by {@link groupVersionResourceKey} as client-go's answer is keyed by GroupVersionResource.
   */
  async waitForCacheSync(signal?: AbortSignal): Promise<Record<string, boolean>> {
    const byInformer = await this.base.waitForCacheSync(signal);
    const out: Record<string, boolean> = {};
    for (const key of this.resources) {
      const synced = byInformer[this.base.informerKey(key)];
      if (synced !== undefined) {
        out[key] = synced;
      }
    }
    return out;
  }

  /** Stops every informer this factory started and waits until they have stopped. */
  shutdown(): Promise<void> {
    return this.base.shutdown();
  }
}
