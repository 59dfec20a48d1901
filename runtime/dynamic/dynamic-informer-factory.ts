// DynamicSharedInformerFactory: shared informers of unstructured objects for any resource, named by GroupVersionResource.
import type { GroupVersionResource } from '../api/meta.js';
import { type Lister, newLister } from '../cache/lister.js';
import { filteredListWatch, type ListerWatcher } from '../cache/lister-watcher.js';
import { SharedIndexInformer } from '../cache/shared-index-informer.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from '../informers/shared-informer-factory.js';
import type { Unstructured } from './unstructured.js';

/** One resource of a dynamic client: its list and watch, across all namespaces or (via namespace()) in one. */
export interface DynamicResourceListerWatcher extends ListerWatcher<Unstructured> {
  namespace(namespace: string): ListerWatcher<Unstructured>;
}

/** What the factory needs of a dynamic client; {@link DynamicClient} satisfies it. */
export interface DynamicListerWatcherSource {
  resource(gvr: GroupVersionResource): DynamicResourceListerWatcher;
}

/** The informer and lister of one resource (client-go's GenericInformer, over unstructured objects). */
export interface DynamicInformer {
  informer(): SharedIndexInformer<Unstructured>;
  lister(): Lister<Unstructured>;
}

/** The key a resource's informer has in the factory and in waitForCacheSync's answer: `group/version/resource`. */
export function dynamicResourceKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

/**
 * client-go's dynamicinformer: one shared informer per GroupVersionResource for controllers that know their
 * resources only at run time (from discovery, a CRD, a flag). Options are the typed factory's; a `namespace`
 * scopes every informer, so give one only for namespaced resources, as client-go's does.
 */
export class DynamicSharedInformerFactory {
  private readonly base: SharedInformerFactory;
  // Resource keys asked for, in order; the base factory stores informers under its own scoped keys.
  private readonly resources = new Set<string>();

  constructor(
    private readonly client: DynamicListerWatcherSource,
    options: SharedInformerFactoryOptions = {},
  ) {
    this.base = new SharedInformerFactory(options);
  }

  /** The namespace every informer watches; '' for all. */
  get namespace(): string {
    return this.base.namespace;
  }

  /** The shared informer and lister of `gvr`; the informer is made on first use and shared afterwards. */
  forResource(gvr: GroupVersionResource): DynamicInformer {
    const key = dynamicResourceKey(gvr);
    this.resources.add(key);
    const informer = (): SharedIndexInformer<Unstructured> =>
      this.base.informerFor<Unstructured>(key, (ctx) => {
        const all = this.client.resource(gvr);
        const scoped = ctx.namespace === '' ? all : all.namespace(ctx.namespace);
        return new SharedIndexInformer<Unstructured>({
          ...ctx.informerOptions<Unstructured>(),
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
   * by {@link dynamicResourceKey} as client-go's answer is keyed by GroupVersionResource.
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
