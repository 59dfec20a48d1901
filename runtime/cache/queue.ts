// The Queue contract shared by DeltaFIFO and RealFIFO: a ReflectorStore the informer pops deltas from.
import type { Delta, Deltas } from './delta.js';
import type { ReflectorStore } from './reflector-store.js';

/** Processes popped deltas; `isInInitialList` is true until the first full list has been popped. */
export type PopProcessFunc<T> = (deltas: Deltas<T>, isInInitialList: boolean) => void | Promise<void>;

/** Processes a batch of deltas with distinct keys. */
export type ProcessBatchFunc<T> = (deltas: readonly Delta<T>[], isInInitialList: boolean) => void | Promise<void>;

/** A FIFO of deltas fed by a Reflector (client-go's cache.Queue). */
export interface Queue<T> extends ReflectorStore<T> {
  /**
   * Waits for the next item, removes it and awaits `process` on it. Rejects with FifoClosedError once the queue is
   * closed and empty. An error from `process` rejects the pop; the item is not requeued.
   */
  pop(process: PopProcessFunc<T>): Promise<Deltas<T>>;
  /** Wakes blocked pops; they reject with FifoClosedError once the queue is empty. */
  close(): void;
  isClosed(): boolean;
  /** True once the first replace (or any add/update/delete before it) has been fully popped. */
  hasSynced(): boolean;
  /** Resolves when {@link Queue.hasSynced} becomes true. */
  readonly synced: Promise<void>;
  /** Number of queued entries (keys for DeltaFIFO, deltas for RealFIFO). */
  readonly length: number;
}

/** A Queue that can pop several deltas with distinct keys at once (RealFIFO). */
export interface QueueWithBatch<T> extends Queue<T> {
  popBatch(processBatch: ProcessBatchFunc<T>, processSingle: PopProcessFunc<T>): Promise<void>;
}
