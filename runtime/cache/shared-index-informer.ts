// SharedIndexInformer: one reflector, one FIFO and one indexer feeding any number of event handlers.
import type { DeletedFinalStateUnknown, KubernetesObject } from '../api/meta.js';
import { onAbort } from '../util/abort.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import type { Backoff } from './backoff.js';
import { compactManagedFields } from './compact-managed-fields.js';
import type { Delta, Deltas } from './delta.js';
import { InformerStartedError, InformerStoppedError } from './errors.js';
import type { HandlerOptions, ResourceEventHandler, ResourceEventHandlerRegistration } from './event-handler.js';
import { type Indexers, metaNamespaceIndexFunc, NAMESPACE_INDEX } from './indexers.js';
import { type InformerQueueKind, newInformerQueue, processLoop } from './informer-queue.js';
import { deletionHandlingMetaNamespaceKeyFunc } from './keys.js';
import type { ListerWatcher } from './lister-watcher.js';
import { type DeltaSink, processDeltas, processDeltasInBatch } from './process-deltas.js';
import { ProcessorListener } from './processor-listener.js';
import { type ExpectedType, Reflector, type ReflectorHealth, type WatchErrorHandler } from './reflector.js';
import { determineResyncPeriod, SharedProcessor } from './shared-processor.js';
import { type Indexer, newIndexer, type TransformFunc } from './store.js';
import { resourceVersionOf } from './thread-safe-store.js';

/** Options of {@link SharedIndexInformer}. */
export interface SharedIndexInformerOptions<T> {
  listerWatcher: ListerWatcher<T>;
  /** Default resync period of handlers (and the initial resync check period). 0 disables. @default 0 */
  resyncPeriodMs?: number;
  /** @default { namespace: metaNamespaceIndexFunc } */
  indexers?: Indexers<T>;
  /** For logs and health. @default the expected kind, or "informer" */
  name?: string;
  /** Drop watch events of another apiVersion/kind. @default accept every kind */
  expectedType?: ExpectedType;
  /** @default 'RealFIFO' */
  queue?: InformerQueueKind;
  /** With RealFIFO: a relist is one ReplacedAll delta applied to the indexer in one step. @default true */
  atomicFifo?: boolean;
  /** Pop RealFIFO deltas in batches of up to 1000 with distinct keys. @default true */
  batchProcessing?: boolean;
  /** Applied to every object before it is stored; must be idempotent. May also be set with setTransform. @default none */
  transform?: TransformFunc<T>;
  /**
   * After the transform, point every empty leaf of managedFields' fieldsV1 at one shared frozen `{}`
   * (see compactManagedFields): about 40% less heap per cached Pod, objects stay deeply equal. @default true
   */
  compactManagedFields?: boolean;
  /** @default defaultWatchErrorHandler */
  watchErrorHandler?: WatchErrorHandler;
  /** See ReflectorOptions. @default 300000 */
  minWatchTimeoutMs?: number;
  /** See ReflectorOptions. @default true */
  useWatchList?: boolean;
  /** See ReflectorOptions. @default 0 (client-go's page size rules) */
  pageSize?: number;
  /** See ReflectorOptions. @default 0.8 s doubling to 30 s, jitter 1 */
  backoff?: Backoff;
  /** See ReflectorOptions. @default 30000 */
  watchListIdleTimeoutMs?: number;
  /** @default realClock */
  clock?: Clock;
  /** @default Math.random */
  random?: Random;
}

/** An informer's health: its reflector's plus whether it has synced and how many handlers it feeds. */
export interface InformerHealth extends ReflectorHealth {
  readonly synced: boolean;
  readonly started: boolean;
  readonly stopped: boolean;
  readonly handlers: number;
  /** Deltas waiting in the FIFO. */
  readonly queued: number;
}

const minimumResyncPeriodMs = 1000;

/** client-go's SharedIndexInformer over plain parsed objects. */
export class SharedIndexInformer<T extends KubernetesObject> {
  private readonly indexer: Indexer<T>;
  private readonly processor = new SharedProcessor<T>();
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly options: SharedIndexInformerOptions<T>;
  readonly name: string;
  private resyncCheckPeriodMs: number;
  private readonly defaultResyncPeriodMs: number;
  private transform: TransformFunc<T> | undefined;
  private watchErrorHandler: WatchErrorHandler | undefined;
  private started = false;
  private stopped = false;
  private syncedFlag = false;
  private resolveSynced!: () => void;
  /** Resolves when the informer's first list has been fully processed. */
  readonly synced: Promise<void> = new Promise((r) => {
    this.resolveSynced = r;
  });
  private reflector: Reflector<T> | undefined;
  private queueLength: () => number = () => 0;
  // While deltas are being processed (possibly waiting on a full handler), late handlers wait here for their replay.
  private inFlight = false;
  private readonly pendingListeners: ProcessorListener<T>[] = [];

  constructor(options: SharedIndexInformerOptions<T>) {
    this.options = options;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? mathRandom;
    this.name = options.name ?? options.expectedType?.kind ?? 'informer';
    this.indexer = newIndexer<T>({
      keyFunc: deletionHandlingMetaNamespaceKeyFunc,
      indexers: options.indexers ?? { [NAMESPACE_INDEX]: metaNamespaceIndexFunc },
    });
    this.defaultResyncPeriodMs = options.resyncPeriodMs ?? 0;
    this.resyncCheckPeriodMs = this.defaultResyncPeriodMs;
    this.transform = options.transform;
    this.watchErrorHandler = options.watchErrorHandler;
  }

  getStore(): Indexer<T> {
    return this.indexer;
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  /** The current resync check period (the smallest handler period seen before start). */
  get resyncCheckPeriod(): number {
    return this.resyncCheckPeriodMs;
  }

  hasStarted(): boolean {
    return this.started;
  }

  isStopped(): boolean {
    return this.stopped;
  }

  hasSynced(): boolean {
    return this.syncedFlag;
  }

  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion() ?? '';
  }

  health(): InformerHealth {
    const r: ReflectorHealth = this.reflector?.health() ?? {
      lastSyncResourceVersion: '',
      lastEventAt: undefined,
      lastBookmarkAt: undefined,
      relists: 0,
      watchRestarts: 0,
      lastError: undefined,
    };
    return {
      ...r,
      synced: this.syncedFlag,
      started: this.started,
      stopped: this.stopped,
      handlers: this.processor.size + this.pendingListeners.length,
      queued: this.queueLength(),
    };
  }

  /** Sets the transform applied before objects are stored. Only before run(). */
  setTransform(transform: TransformFunc<T> | undefined): void {
    if (this.started) {
      throw new InformerStartedError();
    }
    this.transform = transform;
  }

  // The user's transform, then the managedFields compaction unless it was turned off.
  private storedTransform(): TransformFunc<T> | undefined {
    const user = this.transform;
    if (this.options.compactManagedFields === false) {
      return user;
    }
    return user === undefined ? compactManagedFields : (obj) => compactManagedFields(user(obj));
  }

  /** Sets the handler told about ListAndWatch failures. Only before run(). */
  setWatchErrorHandler(handler: WatchErrorHandler): void {
    if (this.started) {
      throw new InformerStartedError();
    }
    this.watchErrorHandler = handler;
  }

  /** Adds indexers; existing objects are indexed at once. Not after the informer stopped. */
  addIndexers(indexers: Indexers<T>): void {
    if (this.stopped) {
      throw new InformerStoppedError('indexer was not added because it has stopped already');
    }
    this.indexer.addIndexers(indexers);
  }

  /**
   * Registers a handler. Added after start, it first receives every cached object as an initial-list add. Each
   * registration is separate, even for the same handler object.
   */
  addEventHandler(handler: ResourceEventHandler<T>, options: HandlerOptions = {}): ResourceEventHandlerRegistration {
    if (this.stopped) {
      throw new InformerStoppedError(
        `handler ${options.name ?? 'handler'} was not added to shared informer because it has stopped already`,
      );
    }
    let resync = options.resyncPeriodMs ?? this.defaultResyncPeriodMs;
    if (resync > 0) {
      if (resync < minimumResyncPeriodMs) {
        logger().warn('resync period is too small; changing it to the minimum allowed value', { resyncMs: resync });
        resync = minimumResyncPeriodMs;
      }
      if (resync < this.resyncCheckPeriodMs) {
        if (this.started) {
          logger().warn('resync period is smaller than the resync check period and the informer has started', {
            resyncMs: resync,
            checkMs: this.resyncCheckPeriodMs,
          });
          resync = this.resyncCheckPeriodMs;
        } else {
          this.resyncCheckPeriodMs = resync;
          this.processor.resyncCheckPeriodChanged(resync);
        }
      }
    }
    const listener = new ProcessorListener<T>(
      handler,
      {
        ...options,
        requestedResyncPeriodMs: resync,
        resyncPeriodMs: determineResyncPeriod(resync, this.resyncCheckPeriodMs),
      },
      this.clock,
    );
    void this.synced.then(() => listener.upstreamHasSynced());
    if (!this.started) {
      this.processor.addListener(listener);
    } else if (this.inFlight) {
      this.pendingListeners.push(listener);
    } else {
      this.attachWithReplay(listener);
    }
    return listener;
  }

  private attachWithReplay(listener: ProcessorListener<T>): void {
    this.processor.addListener(listener);
    for (const item of this.indexer.list()) {
      void listener.add({ kind: 'add', obj: item, isInInitialList: true });
    }
  }

  /** Unregisters a handler; its queued notifications are dropped. Foreign or removed handles are ignored. */
  removeEventHandler(handle: ResourceEventHandlerRegistration): void {
    if (!(handle instanceof ProcessorListener)) {
      return;
    }
    const pending = this.pendingListeners.indexOf(handle as ProcessorListener<T>);
    if (pending >= 0) {
      this.pendingListeners.splice(pending, 1);
      handle.stop();
      return;
    }
    this.processor.removeListener(handle as ProcessorListener<T>);
  }

  /** Unregisters a handler and waits until its in-flight callback (if any) has returned. */
  async shutDownEventHandler(handle: ResourceEventHandlerRegistration): Promise<void> {
    this.removeEventHandler(handle);
    if (handle instanceof ProcessorListener) {
      await handle.runFinished;
    }
  }

  /** True if `handle` is registered with this informer. */
  isRegistered(handle: ResourceEventHandlerRegistration): boolean {
    return (
      handle instanceof ProcessorListener &&
      (this.processor.has(handle as ProcessorListener<T>) ||
        this.pendingListeners.includes(handle as ProcessorListener<T>))
    );
  }

  /** Number of registered handlers. */
  get handlerCount(): number {
    return this.processor.size + this.pendingListeners.length;
  }

  private readonly sink: DeltaSink<T> = {
    onAdd: (obj, isInInitialList) => this.processor.distribute({ kind: 'add', obj, isInInitialList }, false),
    onUpdate: (oldObj, newObj) => {
      // An update that does not change the resourceVersion is a resync (or an unchanged object after a relist).
      const o = resourceVersionOf(oldObj);
      const n = resourceVersionOf(newObj);
      const isSync = o !== undefined && n !== undefined && o === n;
      return this.processor.distribute({ kind: 'update', oldObj, newObj }, isSync);
    },
    onDelete: (obj: T | DeletedFinalStateUnknown<T>) => this.processor.distribute({ kind: 'delete', obj }, false),
  };

  private async guard(work: () => Promise<void> | undefined): Promise<void> {
    this.inFlight = true;
    try {
      const w = work();
      if (w !== undefined) {
        await w;
      }
    } finally {
      this.inFlight = false;
      for (const l of this.pendingListeners.splice(0)) {
        this.attachWithReplay(l);
      }
    }
  }

  private handleDeltas = (deltas: Deltas<T>, isInInitialList: boolean): void | Promise<void> => {
    this.inFlight = true;
    const w = processDeltas(this.sink, this.indexer, deltas, isInInitialList, deletionHandlingMetaNamespaceKeyFunc);
    return this.settle(w);
  };

  private handleBatch = (deltas: readonly Delta<T>[], isInInitialList: boolean): void | Promise<void> => {
    this.inFlight = true;
    const w = processDeltasInBatch(
      this.sink,
      this.indexer,
      deltas,
      isInInitialList,
      deletionHandlingMetaNamespaceKeyFunc,
    );
    return this.settle(w);
  };

  // Synchronous processing (the common case) ends here; only a full `block` handler makes it asynchronous.
  private settle(w: Promise<void> | undefined): void | Promise<void> {
    if (w === undefined) {
      this.inFlight = false;
      if (this.pendingListeners.length > 0) {
        for (const l of this.pendingListeners.splice(0)) {
          this.attachWithReplay(l);
        }
      }
      return undefined;
    }
    return this.guard(() => w);
  }

  /**
   * Lists, watches and dispatches until `signal` aborts; resolves once every handler's in-flight callback has
   * returned. A second call is a no-op.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) {
      logger().warn('The shared informer has started; running it more than once is not allowed', {
        informer: this.name,
      });
      return;
    }
    const queue = newInformerQueue<T>({
      kind: this.options.queue ?? 'RealFIFO',
      atomic: this.options.atomicFifo ?? true,
      knownObjects: this.indexer,
      transform: this.storedTransform(),
      name: this.name,
    });
    this.queueLength = () => queue.length;
    const o = this.options;
    this.reflector = new Reflector<T>({
      listerWatcher: o.listerWatcher,
      store: queue,
      name: this.name,
      resyncPeriodMs: this.resyncCheckPeriodMs,
      shouldResync: () => this.processor.shouldResync(this.clock.now()),
      clock: this.clock,
      random: this.random,
      ...(o.expectedType === undefined ? {} : { expectedType: o.expectedType }),
      ...(o.minWatchTimeoutMs === undefined ? {} : { minWatchTimeoutMs: o.minWatchTimeoutMs }),
      ...(o.useWatchList === undefined ? {} : { useWatchList: o.useWatchList }),
      ...(o.pageSize === undefined ? {} : { pageSize: o.pageSize }),
      ...(o.backoff === undefined ? {} : { backoff: o.backoff }),
      ...(o.watchListIdleTimeoutMs === undefined ? {} : { watchListIdleTimeoutMs: o.watchListIdleTimeoutMs }),
      ...(this.watchErrorHandler === undefined ? {} : { watchErrorHandler: this.watchErrorHandler }),
    });
    this.started = true;
    this.processor.run();
    void queue.synced.then(() => {
      if (!signal.aborted && !this.syncedFlag) {
        this.syncedFlag = true;
        this.resolveSynced();
      }
    });
    const dispose = onAbort(signal, () => queue.close());
    try {
      const reflecting = this.reflector.run(signal);
      const batch = (o.batchProcessing ?? true) ? this.handleBatch : undefined;
      await processLoop(queue, this.handleDeltas, batch, signal);
      await reflecting;
    } finally {
      dispose();
      this.stopped = true;
      for (const l of this.pendingListeners.splice(0)) {
        l.stop();
      }
      await this.processor.stop();
    }
  }
}

/** Unregisters a handler and waits for its in-flight callback (client-go's ShutDownEventHandler). */
export function shutDownEventHandler<T extends KubernetesObject>(
  informer: SharedIndexInformer<T>,
  handle: ResourceEventHandlerRegistration,
): Promise<void> {
  return informer.shutDownEventHandler(handle);
}
