// Error classes of the cache package, each with a stable `code`.
import { KubeError } from '../errors/api-error.js';

/** A key function could not compute a key for an object (no metadata, a malformed key, ...). */
export class KeyError extends KubeError {
  readonly object: unknown;
  constructor(object: unknown, cause: unknown) {
    super(
      'KUBE_CACHE_KEY',
      `couldn't create key for object: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.object = object;
  }
}

/** A query named an index that was never added. */
export class IndexNotFoundError extends KubeError {
  constructor(readonly indexName: string) {
    super('KUBE_CACHE_INDEX_NOT_FOUND', `Index with name ${indexName} does not exist`);
  }
}

/** addIndexers was given a name that already exists. */
export class IndexerConflictError extends KubeError {
  constructor(readonly names: readonly string[]) {
    super('KUBE_CACHE_INDEXER_CONFLICT', `indexer conflict: ${names.join(', ')}`);
  }
}

/**
 * An index function failed while the store was being written. client-go panics here: the store would otherwise
 * hold an object its indices do not describe.
 */
export class IndexFuncError extends KubeError {
  constructor(key: string, indexName: string, cause: unknown) {
    super(
      'KUBE_CACHE_INDEX_FUNC',
      `unable to calculate an index entry for key "${key}" on index "${indexName}": ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** pop() on a FIFO that was closed and drained. */
export class FifoClosedError extends KubeError {
  constructor() {
    super('KUBE_CACHE_FIFO_CLOSED', 'DeltaFIFO: manipulating with closed queue');
  }
}

/** A watch closed within a second without delivering any event; the reflector treats it as a failure. */
export class VeryShortWatchError extends KubeError {
  constructor(readonly reflectorName: string) {
    super(
      'KUBE_REFLECTOR_VERY_SHORT_WATCH',
      `very short watch: ${reflectorName}: Unexpected watch close - watch lasted less than a second and no items received`,
    );
  }
}

/** The reflector's signal aborted while a watch was being consumed. */
export class StopRequestedError extends KubeError {
  constructor() {
    super('KUBE_REFLECTOR_STOP_REQUESTED', 'stop requested');
  }
}

/** A streaming list (sendInitialEvents) went quiet without its `k8s.io/initial-events-end` bookmark. */
export class WatchListTimeoutError extends KubeError {
  constructor(reflectorName: string, idleMs: number) {
    super(
      'KUBE_REFLECTOR_WATCH_LIST_TIMEOUT',
      `${reflectorName}: no event for ${idleMs}ms while waiting for the bookmark that ends the initial events stream`,
    );
  }
}

/** A list or watch returned meta.k8s.io Table objects, which caches cannot hold. */
export class UnsupportedTableError extends KubeError {
  constructor(gvk: string) {
    super('KUBE_REFLECTOR_UNSUPPORTED_TABLE', `unsupported list gvk: ${gvk}`);
  }
}

/** An informer operation that is only allowed before run() (setTransform, setWatchErrorHandler). */
export class InformerStartedError extends KubeError {
  constructor() {
    super('KUBE_INFORMER_STARTED', 'informer has already started');
  }
}

/** An informer operation that is not allowed once the informer has stopped. */
export class InformerStoppedError extends KubeError {
  constructor(message: string) {
    super('KUBE_INFORMER_STOPPED', message);
  }
}

/** A notification buffer with the `error` overflow policy reached its limit. */
export class HandlerOverflowError extends KubeError {
  constructor(limit: number) {
    super('KUBE_INFORMER_HANDLER_OVERFLOW', `event handler buffer is full (${limit} notifications)`);
  }
}
