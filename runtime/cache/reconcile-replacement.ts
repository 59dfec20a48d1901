// Works out which tombstones a relist implies: keys queued or known that the new list no longer contains.
import { type DeletedFinalStateUnknown, isDeletedFinalStateUnknown } from '../api/meta.js';
import { logger } from '../util/logger.js';
import type { Delta } from './delta.js';
import { deletedFinalStateUnknown } from './delta.js';
import type { KeyListerGetter } from './store.js';

/**
 * Calls `onDelete` with a tombstone for every queued key (whose last delta is not already a deletion) and every known
 * key missing from `newItems`, then `onReplace` for each new item: deletions come first, in queue then store order.
 */
export function reconcileReplacement<T>(
  queued: Iterable<Delta<T>>,
  knownObjects: KeyListerGetter<T> | undefined,
  newItems: readonly T[],
  keyOf: (obj: unknown) => string,
  onDelete: (tombstone: DeletedFinalStateUnknown<T>) => void,
  onReplace: (obj: T) => void,
): void {
  const newKeys = new Set<string>();
  for (const obj of newItems) {
    newKeys.add(keyOf(obj));
  }
  const lastQueued = new Map<string, Delta<T>>();
  for (const d of queued) {
    lastQueued.set(keyOf(d.object), d);
  }
  for (const [key, last] of lastQueued) {
    if (newKeys.has(key) || last.type === 'Deleted') {
      continue;
    }
    onDelete(deletedFinalStateUnknown(key, last.object as T));
  }
  if (knownObjects !== undefined) {
    for (const key of knownObjects.listKeys()) {
      if (newKeys.has(key) || lastQueued.has(key)) {
        continue;
      }
      const known = knownObjects.getByKey(key);
      if (known === undefined) {
        logger().warn(
          'Key does not exist in known objects store, placing DeleteFinalStateUnknown marker without object',
          {
            key,
          },
        );
      }
      onDelete(deletedFinalStateUnknown(key, isDeletedFinalStateUnknown<T>(known) ? known.obj : known));
    }
  }
  for (const obj of newItems) {
    onReplace(obj);
  }
}
