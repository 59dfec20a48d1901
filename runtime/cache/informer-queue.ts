// The FIFO an informer reads from, and the loop that pops it until the informer stops.
import { logger } from '../util/logger.js';
import type { Delta, Deltas } from './delta.js';
import { DeltaFIFO } from './delta-fifo.js';
import { FifoClosedError } from './errors.js';
import { metaNamespaceKeyFunc } from './keys.js';
import type { Queue } from './queue.js';
import { RealFIFO } from './real-fifo.js';
import type { KeyListerGetter, TransformFunc } from './store.js';

/** Which FIFO an informer uses. */
export type InformerQueueKind = 'RealFIFO' | 'DeltaFIFO';

/** Builds the informer's queue: RealFIFO (atomic by default, client-go's 1.36 default) or DeltaFIFO. */
export function newInformerQueue<T>(options: {
  kind: InformerQueueKind;
  atomic: boolean;
  knownObjects: KeyListerGetter<T>;
  transform: TransformFunc<T> | undefined;
  name: string;
}): Queue<T> {
  const transform = options.transform === undefined ? {} : { transform: options.transform };
  if (options.kind === 'DeltaFIFO') {
    return new DeltaFIFO<T>({
      knownObjects: options.knownObjects,
      emitDeltaTypeReplaced: true,
      name: `DeltaFIFO ${options.name}`,
      ...transform,
    });
  }
  if (options.atomic) {
    return new RealFIFO<T>({
      keyFunc: metaNamespaceKeyFunc,
      atomicEvents: true,
      emitDeltaTypeBookmark: true,
      name: `RealFIFO ${options.name}`,
      ...transform,
    });
  }
  return new RealFIFO<T>({
    keyFunc: metaNamespaceKeyFunc,
    knownObjects: options.knownObjects,
    name: `RealFIFO ${options.name}`,
    ...transform,
  });
}

/**
 * Pops and processes until the queue is closed or `signal` aborts (client-go's controller.processLoop). Errors from
 * processing are logged and the item is not requeued, as in client-go.
 */
export async function processLoop<T>(
  queue: Queue<T>,
  process: (deltas: Deltas<T>, isInInitialList: boolean) => void | Promise<void>,
  processBatch: ((deltas: readonly Delta<T>[], isInInitialList: boolean) => void | Promise<void>) | undefined,
  signal: AbortSignal,
): Promise<void> {
  const batching = processBatch !== undefined && queue instanceof RealFIFO;
  while (!signal.aborted) {
    try {
      if (batching) {
        await (queue as RealFIFO<T>).popBatch(processBatch, process);
      } else {
        await queue.pop(process);
      }
    } catch (err) {
      if (err instanceof FifoClosedError) {
        return;
      }
      logger().error('Error processing deltas', { err });
    }
  }
}
