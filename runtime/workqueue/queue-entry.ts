// The per-key record of the workqueues: one object holds the dirty, processing and waiting state of a key.

/** Queued (or due to be queued when processing ends). client-go's dirty set. */
export const dirtyBit = 1;
/** Handed out by get and not yet done. client-go's processing set. */
export const processingBit = 2;
/** Held by a delaying queue until its ready time. client-go's waiting map. */
export const waitingBit = 4;

/**
 * One key's state. The queues keep a single Map from key to entry and put the entry itself in their FIFO and
 * delay heap, so a state change found through the FIFO or the heap costs no hash lookup. An entry leaves the Map
 * when none of the three bits is set.
 */
export class QueueEntry<T> {
  state = 0;
  /** The newest value added under the key while dirty (only with a custom keyOf; the key is the item otherwise). */
  value: T | undefined = undefined;
  /** The value passed to the winning addAfter, added when the wait ends (only with a custom keyOf). */
  waitingValue: T | undefined = undefined;
  /** Ready time of the pending addAfter. */
  readyAt = 0;
  /** Sequence number of the entry's live node in the delay heap; older nodes for the key are stale. */
  waitSeq = -1;

  constructor(readonly key: unknown) {}
}
