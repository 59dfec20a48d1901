// Event handlers for shared informers: the callbacks, their registration handles and per-handler options.
import type { DeletedFinalStateUnknown } from '../api/meta.js';
import type { DeepReadonly } from './deep-readonly.js';

/**
 * Callbacks for changes to an informer's cache. Objects are the cache's own, shared with every reader: do not
 * modify them. A callback may return a promise; the next notification for this handler waits for it, while other
 * handlers carry on. A callback that throws is logged, and this handler pauses one second before its next call.
 */
export interface ResourceEventHandler<T> {
  /** A new object; `isInInitialList` is true while the first list (or a late handler's replay) is delivered. */
  onAdd?(obj: DeepReadonly<T>, isInInitialList: boolean): void | Promise<void>;
  /** A changed object, or an unchanged one on resync (then `oldObj === newObj` or the resourceVersions match). */
  onUpdate?(oldObj: DeepReadonly<T>, newObj: DeepReadonly<T>): void | Promise<void>;
  /** A deleted object, or a tombstone when the deletion was missed while the watch was down. */
  onDelete?(obj: DeepReadonly<T> | DeletedFinalStateUnknown<DeepReadonly<T>>): void | Promise<void>;
}

/** The handle addEventHandler returns; pass it to removeEventHandler. */
export interface ResourceEventHandlerRegistration {
  /** True once the informer has synced and this handler has handled every initial-list notification. */
  hasSynced(): boolean;
  /** Resolves when {@link ResourceEventHandlerRegistration.hasSynced} becomes true. */
  readonly synced: Promise<void>;
  /** Notifications waiting in this handler's buffer. */
  readonly pending: number;
  /** Notifications dropped by the overflow policy. */
  readonly dropped: number;
}

/** What happens when a bounded handler buffer is full. */
export type OverflowPolicy = 'block' | 'drop-oldest' | 'drop-newest';

/** A gauge the informer keeps at the handler's buffer length (a prom-client Gauge fits). */
export interface BufferGauge {
  set(value: number): void;
}

/** Options of addEventHandler. */
export interface HandlerOptions {
  /** Resync period of this handler; 0 never resyncs. @default the informer's resyncPeriodMs */
  resyncPeriodMs?: number;
  /** Most notifications buffered for this handler (a late handler's replay of the cache is not limited). @default unbounded, as client-go */
  bufferLimit?: number;
  /**
   * With a bufferLimit: `block` makes the informer wait for room (the FIFO grows instead), `drop-oldest` and
   * `drop-newest` discard notifications and count them in `dropped`. @default 'block'
   */
  overflow?: OverflowPolicy;
  /** Kept at the buffer length. @default none */
  gauge?: BufferGauge;
  /** For log lines. @default "handler" */
  name?: string;
}

/**
 * Passes on only objects that match `filter`. An update that moves an object into the filter is an add; one that
 * moves it out is a delete (client-go's FilteringResourceEventHandler).
 */
export function filteringResourceEventHandler<T>(
  filter: (obj: DeepReadonly<T> | DeletedFinalStateUnknown<DeepReadonly<T>>) => boolean,
  handler: ResourceEventHandler<T>,
): ResourceEventHandler<T> {
  return {
    onAdd: (obj, isInInitialList) => (filter(obj) ? handler.onAdd?.(obj, isInInitialList) : undefined),
    onUpdate: (oldObj, newObj) => {
      const newer = filter(newObj);
      const older = filter(oldObj);
      if (newer && older) {
        return handler.onUpdate?.(oldObj, newObj);
      }
      if (newer) {
        return handler.onAdd?.(newObj, false);
      }
      if (older) {
        return handler.onDelete?.(oldObj);
      }
      return undefined;
    },
    onDelete: (obj) => (filter(obj) ? handler.onDelete?.(obj) : undefined),
  };
}
