// Applies popped deltas to the indexer and turns them into add/update/delete notifications.
import type { DeletedFinalStateUnknown } from '../api/meta.js';
import { logger } from '../util/logger.js';
import type { Delta, Deltas, ReplacedAllInfo } from './delta.js';
import type { KeyFunc } from './keys.js';
import { reconcileReplacement } from './reconcile-replacement.js';
import type { Indexer } from './store.js';

/** The informer side of delta processing; a returned promise means "wait before the next notification" (backpressure). */
export interface DeltaSink<T> {
  onAdd(obj: T, isInInitialList: boolean): Promise<unknown> | undefined;
  onUpdate(oldObj: T, newObj: T): Promise<unknown> | undefined;
  onDelete(obj: T | DeletedFinalStateUnknown<T>): Promise<unknown> | undefined;
}

type Step = () => Promise<unknown> | undefined;

/**
 * Runs steps in order, synchronously while none waits. A step that returns a promise (a full `block` handler)
 * suspends the rest until it settles, so a bounded handler never holds more than its limit.
 */
function runSteps(steps: readonly Step[], from = 0): Promise<void> | undefined {
  for (let i = from; i < steps.length; i++) {
    const w = (steps[i] as Step)();
    if (w !== undefined) {
      return w.then(() => runSteps(steps, i + 1));
    }
  }
  return undefined;
}

// A relist in one step: tombstones against the indexer, one Replace, then deletes, then updates and adds.
function replacedAllSteps<T>(
  sink: DeltaSink<T>,
  store: Indexer<T>,
  info: ReplacedAllInfo<T>,
  isInInitialList: boolean,
  keyFunc: KeyFunc,
): Step[] {
  const deletions: DeletedFinalStateUnknown<T>[] = [];
  const replacements: { oldObj: T | undefined; newObj: T }[] = [];
  reconcileReplacement<T>(
    [],
    store,
    info.objects,
    keyFunc,
    (t) => deletions.push(t),
    (obj) => replacements.push({ oldObj: store.get(obj), newObj: obj }),
  );
  store.replace(info.objects, info.resourceVersion);
  const steps: Step[] = deletions.map((t) => () => sink.onDelete(t));
  for (const r of replacements) {
    const { oldObj, newObj } = r;
    steps.push(oldObj !== undefined ? () => sink.onUpdate(oldObj, newObj) : () => sink.onAdd(newObj, isInInitialList));
  }
  return steps;
}

/** Applies one delta to the store and returns the notifications it causes. */
function deltaSteps<T>(
  sink: DeltaSink<T>,
  store: Indexer<T>,
  d: Delta<T>,
  isInInitialList: boolean,
  keyFunc: KeyFunc,
): Step[] {
  switch (d.type) {
    case 'ReplacedAll':
      return replacedAllSteps(sink, store, d.object, isInInitialList, keyFunc);
    case 'SyncAll':
      return store.list().map((obj) => () => sink.onUpdate(obj, obj));
    case 'Sync':
    case 'Replaced':
    case 'Added':
    case 'Updated': {
      const obj = d.object;
      const old = store.get(obj);
      if (old !== undefined) {
        store.update(obj);
        return [() => sink.onUpdate(old, obj)];
      }
      store.add(obj);
      return [() => sink.onAdd(obj, isInInitialList)];
    }
    case 'Deleted': {
      const obj = d.object;
      store.delete(obj);
      return [() => sink.onDelete(obj)];
    }
    case 'Bookmark':
      store.bookmark(d.object.resourceVersion);
      return [];
  }
}

/** client-go's processDeltas: one key's deltas (DeltaFIFO) or one delta (RealFIFO), applied in order. */
export function processDeltas<T>(
  sink: DeltaSink<T>,
  store: Indexer<T>,
  deltas: Deltas<T>,
  isInInitialList: boolean,
  keyFunc: KeyFunc,
  from = 0,
): Promise<void> | undefined {
  for (let i = from; i < deltas.length; i++) {
    const w = runSteps(deltaSteps(sink, store, deltas[i] as Delta<T>, isInInitialList, keyFunc));
    if (w !== undefined) {
      return w.then(() => processDeltas(sink, store, deltas, isInInitialList, keyFunc, i + 1));
    }
  }
  return undefined;
}

/**
 * client-go's processDeltasInBatch: deltas with distinct keys applied to the indexer in one transaction, then
 * notified in order. If the batch cannot be applied as a whole, its deltas are applied one by one.
 */
export function processDeltasInBatch<T>(
  sink: DeltaSink<T>,
  store: Indexer<T>,
  deltas: readonly Delta<T>[],
  isInInitialList: boolean,
  keyFunc: KeyFunc,
): Promise<void> | undefined {
  const txns: { type: 'add' | 'update' | 'delete'; object: T | DeletedFinalStateUnknown<T> }[] = [];
  const steps: Step[] = [];
  for (const d of deltas) {
    switch (d.type) {
      case 'Sync':
      case 'Replaced':
      case 'Added':
      case 'Updated': {
        const obj = d.object;
        const old = store.get(obj);
        if (old !== undefined) {
          txns.push({ type: 'update', object: obj });
          steps.push(() => sink.onUpdate(old, obj));
        } else {
          txns.push({ type: 'add', object: obj });
          steps.push(() => sink.onAdd(obj, isInInitialList));
        }
        break;
      }
      case 'Deleted': {
        const obj = d.object;
        txns.push({ type: 'delete', object: obj });
        steps.push(() => sink.onDelete(obj));
        break;
      }
      default:
        return processDeltas(sink, store, deltas, isInInitialList, keyFunc);
    }
  }
  try {
    store.transaction(txns);
  } catch (err) {
    // Keys are computed before anything is written, so nothing was applied: go one by one, keeping the good ones.
    logger().error('Batch of deltas could not be applied at once; applying them one by one', { err });
    return oneByOne(sink, store, deltas, isInInitialList, keyFunc, 0);
  }
  return runSteps(steps);
}

function oneByOne<T>(
  sink: DeltaSink<T>,
  store: Indexer<T>,
  deltas: readonly Delta<T>[],
  isInInitialList: boolean,
  keyFunc: KeyFunc,
  from: number,
): Promise<void> | undefined {
  for (let i = from; i < deltas.length; i++) {
    let w: Promise<void> | undefined;
    try {
      w = processDeltas(sink, store, [deltas[i] as Delta<T>], isInInitialList, keyFunc);
    } catch (e) {
      logger().error('Unable to process delta', { type: (deltas[i] as Delta<T>).type, err: e });
    }
    if (w !== undefined) {
      return w.then(() => oneByOne(sink, store, deltas, isInInitialList, keyFunc, i + 1));
    }
  }
  return undefined;
}
