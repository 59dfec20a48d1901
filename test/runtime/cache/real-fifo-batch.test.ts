// RealFIFO batches and atomic mode, ported from client-go's the_real_fifo_test.go (acceptance cases 50, 51).
import { describe, expect, it } from 'vitest';
import type { DeletedFinalStateUnknown } from '../../../runtime/api/meta.js';
import { type Delta, deletedFinalStateUnknown, RealFIFO, type RealFIFOOptions } from '../../../runtime/cache/index.js';
import { type FifoObj, fifoObjKey, literalListerGetter, mkFifoObj, pop } from '../../support/fifo-test-object.js';

const _tomb = (key: string, obj: FifoObj | undefined): DeletedFinalStateUnknown<FifoObj> =>
  deletedFinalStateUnknown(key, obj);
const known = (...objs: FifoObj[]) => literalListerGetter(() => objs);
const fifo = (options: Partial<RealFIFOOptions<FifoObj>> = {}): RealFIFO<FifoObj> =>
  new RealFIFO<FifoObj>({
    keyFunc: fifoObjKey,
    ...(options.atomicEvents ? {} : { knownObjects: known() }),
    ...options,
  });

async function popAll(f: RealFIFO<FifoObj>): Promise<Delta<FifoObj>[]> {
  const out: Delta<FifoObj>[] = [];
  const n = f.length;
  for (let i = 0; i < n; i++) {
    out.push(...(await pop(f)));
  }
  return out;
}

describe('RealFIFO batches', () => {
  async function collectBatches(f: RealFIFO<FifoObj>): Promise<{ batches: Delta<FifoObj>[][]; initial: FifoObj[] }> {
    const batches: Delta<FifoObj>[][] = [];
    const initial: FifoObj[] = [];
    while (f.length > 0) {
      await f.popBatch(
        (deltas, isInInitialList) => {
          batches.push([...deltas]);
          if (isInInitialList) {
            initial.push(...deltas.map((d) => d.object as FifoObj));
          }
        },
        (deltas, isInInitialList) => {
          batches.push([...deltas]);
          if (isInInitialList) {
            initial.push(...deltas.map((d) => d.object as FifoObj));
          }
        },
      );
    }
    return { batches, initial };
  }

  const o1 = mkFifoObj('foo1', 5);
  const o2 = mkFifoObj('foo2', 5);
  const o3 = mkFifoObj('foo3', 5);
  const o4 = mkFifoObj('foo4', 5);
  const rep = (o: FifoObj): Delta<FifoObj> => ({ type: 'Replaced', object: o });
  const upd = (o: FifoObj): Delta<FifoObj> => ({ type: 'Updated', object: o });
  const unlimited = 999_999;
  const cases: {
    name: string;
    initial: FifoObj[];
    updates: FifoObj[];
    batchSize: number;
    expected: Delta<FifoObj>[][];
  }[] = [
    {
      name: 'non-split: pop unique items should work',
      initial: [o1, o2, o3],
      updates: [],
      batchSize: unlimited,
      expected: [[rep(o1), rep(o2), rep(o3)]],
    },
    {
      name: 'split due to initial list',
      initial: [o1, o2],
      updates: [o3, o4],
      batchSize: 2,
      expected: [
        [rep(o1), rep(o2)],
        [upd(o3), upd(o4)],
      ],
    },
    {
      name: 'split due to non-unique#1',
      initial: [o1],
      updates: [o1, o1],
      batchSize: unlimited,
      expected: [[rep(o1)], [upd(o1)], [upd(o1)]],
    },
    {
      name: 'split due to non-unique#2',
      initial: [o1, o2],
      updates: [o2, o3],
      batchSize: unlimited,
      expected: [
        [rep(o1), rep(o2)],
        [upd(o2), upd(o3)],
      ],
    },
    {
      name: 'split due to non-unique#3',
      initial: [o1, o2, o3],
      updates: [o2],
      batchSize: unlimited,
      expected: [[rep(o1), rep(o2), rep(o3)], [upd(o2)]],
    },
    {
      name: 'split due to batch size#1',
      initial: [o1, o2, o3],
      updates: [],
      batchSize: 2,
      expected: [[rep(o1), rep(o2)], [rep(o3)]],
    },
    {
      name: 'split due to batch size#2',
      initial: [],
      updates: [o1, o2, o3],
      batchSize: 2,
      expected: [[upd(o1), upd(o2)], [upd(o3)]],
    },
    {
      name: 'split due to batch size#3',
      initial: [o1, o2, o3],
      updates: [o4],
      batchSize: 2,
      expected: [[rep(o1), rep(o2)], [rep(o3)], [upd(o4)]],
    },
  ];
  for (const c of cases) {
    it(`TestRealFIFO_PopMultipleDeltaInBatch: ${c.name}`, async () => {
      const f = fifo({ knownObjects: literalListerGetter(() => c.initial), batchSize: c.batchSize });
      f.replace(c.initial, '123');
      for (const u of c.updates) {
        f.update(u);
      }
      const { batches, initial } = await collectBatches(f);
      expect(batches).toEqual(c.expected);
      expect(initial).toEqual(c.initial);
    });
  }

  const ok1 = mkFifoObj('foo1', 5);
  const ok2 = mkFifoObj('foo2', 5);
  const bad3 = mkFifoObj('foo3', 5);
  const bad4 = mkFifoObj('foo4', 5);
  const add = (o: FifoObj): Delta<FifoObj> => ({ type: 'Added', object: o });
  const brokenCases: { name: string; items: FifoObj[]; expected: Delta<FifoObj>[][] }[] = [
    { name: '1st item is broken', items: [bad3], expected: [[add(bad3)]] },
    { name: 'nth item is broken', items: [ok1, ok2, bad3], expected: [[add(ok1), add(ok2), add(bad3)]] },
    {
      name: 'multiple nth items are broken',
      items: [ok1, ok2, bad3, bad4],
      expected: [[add(ok1), add(ok2), add(bad3)], [add(bad4)]],
    },
    {
      name: 'mixed 1st and nth items are broken',
      items: [bad3, ok1, bad4],
      expected: [[add(bad3)], [add(ok1), add(bad4)]],
    },
  ];
  for (const c of brokenCases) {
    it(`TestRealFIFO_PopBrokenItemsInBatch: ${c.name}`, async () => {
      const broken = new Set([bad3, bad4]);
      // Items are queued with a working key function; the batch later meets keys it cannot compute.
      let failing = false;
      const f = new RealFIFO<FifoObj>({
        keyFunc: (o) => {
          if (failing && broken.has(o as FifoObj)) {
            throw new Error('test key func error');
          }
          return fifoObjKey(o);
        },
        knownObjects: known(),
        batchSize: unlimited,
      });
      for (const i of c.items) {
        f.add(i);
      }
      failing = true;
      const { batches } = await collectBatches(f);
      expect(batches).toEqual(c.expected);
    });
  }

  it('TestRealFIFO_ReplaceAtomic: one ReplacedAll per replace, bookmarks kept in order', async () => {
    const obj = mkFifoObj('foo', 2);
    const f = fifo({ atomicEvents: true, emitDeltaTypeBookmark: true });
    f.bookmark('123');
    f.add(obj);
    f.replace([obj], '10');
    f.replace([], '56');
    expect(await popAll(f)).toEqual([
      { type: 'Bookmark', object: { resourceVersion: '123' } },
      { type: 'Added', object: obj },
      { type: 'ReplacedAll', object: { resourceVersion: '10', objects: [obj] } },
      { type: 'ReplacedAll', object: { resourceVersion: '56', objects: [] } },
    ]);
  });

  it('TestRealFIFO_ReplaceAtomicPop and TestRealFIFO_ResyncAtomic', async () => {
    const f = fifo({ atomicEvents: true });
    f.add(mkFifoObj('foo', 10));
    f.replace([mkFifoObj('foo', 15)], '20');
    f.resync();
    expect(await popAll(f)).toEqual([
      { type: 'Added', object: mkFifoObj('foo', 10) },
      { type: 'ReplacedAll', object: { resourceVersion: '20', objects: [mkFifoObj('foo', 15)] } },
      { type: 'SyncAll', object: undefined },
    ]);
    expect(f.length).toBe(0);
  });
});
