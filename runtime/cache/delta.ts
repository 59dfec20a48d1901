// Deltas: the change records FIFOs hand to the informer (Added, Updated, Deleted, Replaced, Sync, and atomic forms).
import type { DeletedFinalStateUnknown } from '../api/meta.js';

/** client-go's DeltaType values. */
export type DeltaType = 'Added' | 'Updated' | 'Deleted' | 'Replaced' | 'ReplacedAll' | 'Sync' | 'SyncAll' | 'Bookmark';

/** The payload of a ReplacedAll delta: a whole relist, applied to the indexer in one step. */
export interface ReplacedAllInfo<T> {
  readonly resourceVersion: string;
  readonly objects: readonly T[];
}

/** The payload of a Bookmark delta. */
export interface BookmarkInfo {
  readonly resourceVersion: string;
}

/** One change. A Deleted delta may carry a tombstone when the final state was missed. */
export type Delta<T> =
  | { readonly type: 'Added' | 'Updated' | 'Replaced' | 'Sync'; readonly object: T }
  | { readonly type: 'Deleted'; readonly object: T | DeletedFinalStateUnknown<T> }
  | { readonly type: 'ReplacedAll'; readonly object: ReplacedAllInfo<T> }
  | { readonly type: 'SyncAll'; readonly object: undefined }
  | { readonly type: 'Bookmark'; readonly object: BookmarkInfo };

/** The deltas of one key (DeltaFIFO) or one delta (RealFIFO), oldest first. */
export type Deltas<T> = readonly Delta<T>[];

/** The last delta, or undefined for an empty list. */
export function newestDelta<T>(deltas: Deltas<T>): Delta<T> | undefined {
  return deltas[deltas.length - 1];
}

/** The first delta, or undefined for an empty list. */
export function oldestDelta<T>(deltas: Deltas<T>): Delta<T> | undefined {
  return deltas[0];
}

/** Builds a tombstone for a deletion whose final state is unknown. */
export function deletedFinalStateUnknown<T>(key: string, obj: T | undefined): DeletedFinalStateUnknown<T> {
  return { kind: 'DeletedFinalStateUnknown', key, obj };
}
