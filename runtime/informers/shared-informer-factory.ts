// SharedInformerFactory: one shared informer per resource for a namespace and selector, started and stopped together.
import type { KubernetesObject } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import { type Indexers, metaNamespaceIndexFunc, NAMESPACE_INDEX } from '../cache/indexers.js';
import { filteredListWatch, type ListerWatcher, type TweakListOptionsFunc } from '../cache/lister-watcher.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from '../cache/shared-index-informer.js';
import { waitForCacheSync } from '../cache/wait-for-cache-sync.js';
import type { Clock, Random } from '../util/clock.js';
import { logger } from '../util/logger.js';

/** Options of {@link SharedInformerFactory}. */
export interface SharedInformerFactoryOptions {
  /** Watch only this namespace. @default '' (all namespaces) */
  namespace?: string;
  /** Rewrites the list and watch options of every informer (label and field selectors, ...). @default none */
  tweakListOptions?: TweakListOptionsFunc;
  /** Resync period of informers without a custom one. 0 disables. @default 0 */
  defaultResyncMs?: number;
  /** Resync periods by resource key (the key given to informerFor). @default {} */
  customResync?: Readonly<Record<string, number>>;
  /** Transform set on every informer, e.g. `stripManagedFields`; generic because one factory serves every kind. @default none */
  transform?: <T extends KubernetesObject>(obj: T) => T;
  /** Extra informer options (queue kind, watch-list, backoff, ...). @default {} */
  informerOptions?: Partial<Omit<SharedIndexInformerOptions<KubernetesObject>, 'listerWatcher' | 'transform'>>;
  /** @default realClock */
  clock?: Clock;
  /** @default Math.random */
  random?: Random;
}

/** What a new-informer function receives from the factory. */
export interface InformerFactoryContext {
  readonly namespace: string;
  readonly tweakListOptions: TweakListOptionsFunc | undefined;
  readonly resyncPeriodMs: number;
  /** The default indexers: `{ namespace }`. */
  readonly indexers: Indexers<KubernetesObject>;
  /** Informer options derived from the factory's options; spread them into the SharedIndexInformer options. */
  informerOptions<T extends KubernetesObject>(): Omit<SharedIndexInformerOptions<T>, 'listerWatcher'>;
}

/** Builds the informer for one resource (the generated factories pass a function per kind). */
export type NewInformerFunc<T extends KubernetesObject> = (context: InformerFactoryContext) => SharedIndexInformer<T>;

/**
 * client-go's SharedInformerFactory base. Generated factories wrap it: each kind's accessor calls informerFor with
 * the resource's key and a function that builds its informer.
 */
export class SharedInformerFactory {
  readonly namespace: string;
  private readonly options: SharedInformerFactoryOptions;
  private readonly informers = new Map<string, SharedIndexInformer<KubernetesObject>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopAll = new AbortController();
  private shuttingDown = false;

  constructor(options: SharedInformerFactoryOptions = {}) {
    this.options = options;
    this.namespace = options.namespace ?? '';
  }

  /**
   * The key an informer is stored under: the resource key plus the namespace and selectors, so one factory never
   * mixes informers of different scopes.
   */
  informerKey(resourceKey: string): string {
    const o: ListOptions = this.options.tweakListOptions?.({}) ?? {};
    return `${resourceKey}|ns=${this.namespace}|labels=${o.labelSelector ?? ''}|fields=${o.fieldSelector ?? ''}`;
  }

  /** Returns the informer for `resourceKey`, building it with `newFn` the first time. */
  informerFor<T extends KubernetesObject>(resourceKey: string, newFn: NewInformerFunc<T>): SharedIndexInformer<T> {
    const key = this.informerKey(resourceKey);
    const existing = this.informers.get(key);
    if (existing !== undefined) {
      return existing as unknown as SharedIndexInformer<T>;
    }
    const resync = this.options.customResync?.[resourceKey] ?? this.options.defaultResyncMs ?? 0;
    const informerOptions: Omit<SharedIndexInformerOptions<KubernetesObject>, 'listerWatcher'> = {
      ...this.options.informerOptions,
      resyncPeriodMs: resync,
      indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc },
    };
    if (this.options.clock !== undefined) {
      informerOptions.clock = this.options.clock;
    }
    if (this.options.random !== undefined) {
      informerOptions.random = this.options.random;
    }
    const informer = newFn({
      namespace: this.namespace,
      tweakListOptions: this.options.tweakListOptions,
      resyncPeriodMs: resync,
      indexers: { [NAMESPACE_INDEX]: metaNamespaceIndexFunc },
      informerOptions: <U extends KubernetesObject>() =>
        informerOptions as unknown as Omit<SharedIndexInformerOptions<U>, 'listerWatcher'>,
    });
    if (this.options.transform !== undefined) {
      informer.setTransform(this.options.transform);
    }
    this.informers.set(key, informer as unknown as SharedIndexInformer<KubernetesObject>);
    return informer;
  }

  /**
   * The informer for a resource served by `listerWatcher` (already scoped to the factory's namespace), with the
   * factory's tweakListOptions applied: what a generated accessor needs.
   */
  informerForResource<T extends KubernetesObject>(
    resourceKey: string,
    listerWatcher: ListerWatcher<T>,
  ): SharedIndexInformer<T> {
    return this.informerFor<T>(
      resourceKey,
      (ctx) =>
        new SharedIndexInformer<T>({
          ...ctx.informerOptions<T>(),
          name: resourceKey,
          listerWatcher: filteredListWatch(listerWatcher, ctx.tweakListOptions),
        }),
    );
  }

  /** Starts every informer not started yet. A no-op after shutdown. */
  start(signal?: AbortSignal): void {
    if (this.shuttingDown) {
      return;
    }
    const stop = signal === undefined ? this.stopAll.signal : AbortSignal.any([signal, this.stopAll.signal]);
    for (const [key, informer] of this.informers) {
      if (!this.running.has(key)) {
        this.running.set(
          key,
          informer.run(stop).catch((err: unknown) => {
            logger().error('Informer stopped with an error', { informer: key, err });
          }),
        );
      }
    }
  }

  /** Waits for the started informers; resolves with each one's synced state (false if `signal` aborted first). */
  async waitForCacheSync(signal?: AbortSignal): Promise<Record<string, boolean>> {
    const out: Record<string, boolean> = {};
    await Promise.all(
      [...this.running.keys()].map(async (key) => {
        const informer = this.informers.get(key) as SharedIndexInformer<KubernetesObject>;
        out[key] = await waitForCacheSync(signal, informer);
      }),
    );
    return out;
  }

  /** Stops every informer this factory started and waits until they have stopped; later start() calls do nothing. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.stopAll.abort();
    await Promise.all(this.running.values());
  }
}
