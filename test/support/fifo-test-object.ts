// The tiny objects client-go's FIFO tests queue: a name (the key) and a value.
import type { Deltas, KeyListerGetter, PopProcessFunc } from '../../runtime/cache/index.js';

/** Anything that pops deltas (DeltaFIFO, RealFIFO). */
export interface Poppable<T> {
  pop(process: PopProcessFunc<T>): Promise<Deltas<T>>;
}

/** client-go's testFifoObject. */
export interface FifoObj {
  readonly name: string;
  readonly val: unknown;
}

export const mkFifoObj = (name: string, val: unknown): FifoObj => ({ name, val });

/** Keys a FifoObj by its name. */
export function fifoObjKey(obj: unknown): string {
  if (typeof obj === 'object' && obj !== null && typeof (obj as FifoObj).name === 'string') {
    return (obj as FifoObj).name;
  }
  throw new Error(`not a FifoObj: ${JSON.stringify(obj)}`);
}

/** A KeyListerGetter over a fixed list (client-go's literalListerGetter). */
export function literalListerGetter(objs: () => readonly FifoObj[]): KeyListerGetter<FifoObj> {
  return {
    listKeys: () => objs().map((o) => o.name),
    getByKey: (key) => objs().find((o) => o.name === key),
  };
}

/** Pops one item and returns its deltas and whether it belonged to the initial list. */
export async function pop2<T>(queue: Poppable<T>): Promise<{ deltas: Deltas<T>; initial: boolean }> {
  let initial = false;
  const deltas = await queue.pop((_d, isInInitialList) => {
    initial = isInInitialList;
  });
  return { deltas, initial };
}

/** Pops one item. */
export function pop<T>(queue: Poppable<T>): Promise<Deltas<T>> {
  return queue.pop(() => {});
}

/** The newest object of the next popped item. */
export async function popNewest<T>(queue: Poppable<T>): Promise<unknown> {
  const d = await pop(queue);
  return d[d.length - 1]?.object;
}
