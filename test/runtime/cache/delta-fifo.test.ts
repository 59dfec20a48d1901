// DeltaFIFO behaviour, ported from client-go's delta_fifo_test.go (acceptance cases 37-47).
import { describe, expect, it } from 'vitest';
import type { DeletedFinalStateUnknown } from '../../../runtime/api/meta.js';
import { type Delta, DeltaFIFO, deletedFinalStateUnknown, FifoClosedError } from '../../../runtime/cache/index.js';
import { flushMicrotasks } from '../../../runtime/testing/index.js';
import {
  type FifoObj,
  fifoObjKey,
  literalListerGetter,
  mkFifoObj,
  pop,
  pop2,
  popNewest,
} from '../../support/fifo-test-object.js';

const tomb = (key: string, obj: FifoObj | undefined): DeletedFinalStateUnknown<FifoObj> =>
  deletedFinalStateUnknown(key, obj);
const fifo = (extra: Partial<ConstructorParameters<typeof DeltaFIFO<FifoObj>>[0]> = {}) =>
  new DeltaFIFO<FifoObj>({ keyFunc: fifoObjKey, ...extra });
const known = (...objs: FifoObj[]) => literalListerGetter(() => objs);

describe('DeltaFIFO', () => {
  it('TestDeltaFIFO_basic: interleaved producers keep their own order', async () => {
    const f = fifo();
    const amount = 500;
    const produce = async (prefix: string) => {
      for (let i = 0; i < amount; i++) {
        f.add(mkFifoObj(`${prefix}${i}`, { prefix, n: i + 1 }));
        await Promise.resolve();
      }
    };
    void produce('a');
    void produce('b');
    const last: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < amount * 2; i++) {
      const obj = (await popNewest(f)) as FifoObj;
      const v = obj.val as { prefix: string; n: number };
      expect(v.n).toBeGreaterThan(last[v.prefix] as number);
      last[v.prefix] = v.n;
    }
    expect(last).toEqual({ a: amount, b: amount });
  });

  it('TestDeltaFIFO_replaceWithDeleteDeltaIn: [Deleted old, Sync new]', async () => {
    const oldObj = mkFifoObj('foo', 1);
    const newObj = mkFifoObj('foo', 2);
    const f = fifo({ knownObjects: known(oldObj) });
    f.delete(oldObj);
    f.replace([newObj], '');
    expect(await pop(f)).toEqual([
      { type: 'Deleted', object: oldObj },
      { type: 'Sync', object: newObj },
    ]);
  });

  describe('TestDeltaFIFOW_ReplaceMakesDeletionsForObjectsOnlyInQueue', () => {
    const obj = mkFifoObj('foo', 2);
    const objV2 = mkFifoObj('foo', 3);
    const table: {
      name: string;
      ops: (f: DeltaFIFO<FifoObj>) => void;
      expected: Delta<FifoObj>[];
      replaced?: boolean;
    }[] = [
      {
        name: 'Added object should be deleted on Replace',
        ops: (f) => {
          f.add(obj);
          f.replace([], '0');
        },
        expected: [
          { type: 'Added', object: obj },
          { type: 'Deleted', object: tomb('foo', obj) },
        ],
      },
      {
        name: 'Replaced object should have only a single Delete',
        replaced: true,
        ops: (f) => {
          f.add(obj);
          f.replace([obj], '0');
          f.replace([], '0');
        },
        expected: [
          { type: 'Added', object: obj },
          { type: 'Replaced', object: obj },
          { type: 'Deleted', object: tomb('foo', obj) },
        ],
      },
      {
        name: 'Deleted object should have only a single Delete',
        ops: (f) => {
          f.add(obj);
          f.delete(obj);
          f.replace([], '0');
        },
        expected: [
          { type: 'Added', object: obj },
          { type: 'Deleted', object: obj },
        ],
      },
      {
        name: 'Synced objects should have a single delete',
        ops: (f) => {
          f.add(obj);
          f.replace([obj], '0');
          f.replace([obj], '0');
          f.replace([], '0');
        },
        expected: [
          { type: 'Added', object: obj },
          { type: 'Sync', object: obj },
          { type: 'Sync', object: obj },
          { type: 'Deleted', object: tomb('foo', obj) },
        ],
      },
      {
        name: 'Added objects should have a single delete on multiple Replaces',
        ops: (f) => {
          f.add(obj);
          f.replace([], '0');
          f.replace([], '1');
        },
        expected: [
          { type: 'Added', object: obj },
          { type: 'Deleted', object: tomb('foo', obj) },
        ],
      },
      {
        name: 'Added and deleted and added object should be deleted',
        ops: (f) => {
          f.add(obj);
          f.delete(obj);
          f.add(objV2);
          f.replace([], '0');
        },
        expected: [
          { type: 'Added', object: obj },
          { type: 'Deleted', object: obj },
          { type: 'Added', object: objV2 },
          { type: 'Deleted', object: tomb('foo', objV2) },
        ],
      },
    ];
    for (const tt of table) {
      it(tt.name, async () => {
        for (const withKnown of [true, false]) {
          const f = fifo({
            emitDeltaTypeReplaced: tt.replaced ?? false,
            ...(withKnown ? { knownObjects: known() } : {}),
          });
          tt.ops(f);
          expect(await pop(f)).toEqual(tt.expected);
          expect(f.length).toBe(0);
        }
      });
    }
  });

  it('TestDeltaFIFO_addUpdate: one pop with the newest value, then the key is gone', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.update(mkFifoObj('foo', 12));
    f.delete(mkFifoObj('foo', 15));
    expect(f.list()).toEqual([mkFifoObj('foo', 15)]);
    expect(f.listKeys()).toEqual(['foo']);
    expect(((await popNewest(f)) as FifoObj).val).toBe(15);
    let second = false;
    const pending = f
      .pop(() => {})
      .then(
        () => {
          second = true;
        },
        () => {},
      );
    await flushMicrotasks();
    expect(second).toBe(false);
    expect(f.getByKey('foo')).toBeUndefined();
    f.close();
    await pending;
  });

  it('TestDeltaFIFO_transformer: each object transformed exactly once; tombstones never', async () => {
    interface Rx {
      rv: number;
      xfrm: number;
    }
    const mk = (name: string, rv: number): FifoObj => mkFifoObj(name, { rv, xfrm: 0 } satisfies Rx);
    const f = new DeltaFIFO<FifoObj>({
      keyFunc: fifoObjKey,
      transform: (o) => {
        (o.val as Rx).xfrm++;
        return o;
      },
    });
    f.add(mk('foo', 10));
    f.add(mk('bar', 11));
    f.update(mk('foo', 12));
    f.delete(mk('foo', 15));
    f.replace([], '');
    f.add(mk('bar', 16));
    f.replace([], '');
    expect(f.listKeys()).toEqual(['foo', 'bar']);
    for (let i = 0; i < 2; i++) {
      const obj = (await popNewest(f)) as FifoObj | DeletedFinalStateUnknown<FifoObj>;
      if ('kind' in obj) {
        expect(obj.obj?.name).toBe('bar');
        expect(obj.obj?.val).toEqual({ rv: 16, xfrm: 1 });
      } else {
        expect(obj.name).toBe('foo');
        expect(obj.val).toEqual({ rv: 15, xfrm: 1 });
      }
    }
  });

  it('TestDeltaFIFO_enqueueingNoLister: a delete of an unknown key is dropped', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.update(mkFifoObj('bar', 15));
    f.add(mkFifoObj('qux', 17));
    f.delete(mkFifoObj('qux', 18));
    f.delete(mkFifoObj('baz', 20));
    for (const v of [10, 15, 18]) {
      expect(((await popNewest(f)) as FifoObj).val).toBe(v);
    }
    expect(f.length).toBe(0);
  });

  it('TestDeltaFIFO_enqueueingWithLister: a delete of a known key is queued', async () => {
    const f = fifo({ knownObjects: known(mkFifoObj('foo', 5), mkFifoObj('bar', 6), mkFifoObj('baz', 7)) });
    f.add(mkFifoObj('foo', 10));
    f.update(mkFifoObj('bar', 15));
    f.delete(mkFifoObj('baz', 20));
    for (const v of [10, 15, 20]) {
      expect(((await popNewest(f)) as FifoObj).val).toBe(v);
    }
    expect(f.length).toBe(0);
  });

  it('TestDeltaFIFO_addReplace: replace of a queued key coalesces into one pop', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.replace([mkFifoObj('foo', 15)], '0');
    expect(((await popNewest(f)) as FifoObj).val).toBe(15);
    expect(f.length).toBe(0);
  });

  it('TestDeltaFIFO_ResyncNonExisting, TestDeltaFIFO_Resync, TestDeltaFIFO_UpdateResyncRace: Sync only for unqueued known keys', async () => {
    const f1 = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    f1.delete(mkFifoObj('foo', 10));
    f1.resync();
    expect(f1.getByKey('foo')?.map((d) => d.type)).toEqual(['Deleted']);

    const f2 = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    f2.resync();
    expect(f2.getByKey('foo')?.map((d) => d.type)).toEqual(['Sync']);

    const f3 = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    f3.update(mkFifoObj('foo', 6));
    f3.resync();
    expect(await pop(f3)).toEqual([{ type: 'Updated', object: mkFifoObj('foo', 6) }]);

    const f4 = fifo({ knownObjects: known() });
    f4.add(mkFifoObj('foo', 5));
    f4.delete(mkFifoObj('foo', 6));
    expect(f4.getByKey('foo')?.map((d) => d.type)).toEqual(['Added', 'Deleted']);
  });

  it('TestDeltaFIFO_ReplaceMakesDeletions: tombstone objects and order', async () => {
    const all = () => known(mkFifoObj('foo', 5), mkFifoObj('bar', 6), mkFifoObj('baz', 7));
    let f = fifo({ knownObjects: all() });
    f.delete(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: mkFifoObj('baz', 10) }]);
    expect(await pop(f)).toEqual([{ type: 'Sync', object: mkFifoObj('foo', 5) }]);
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) }]);

    f = fifo({ knownObjects: all() });
    f.add(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await pop(f)).toEqual([
      { type: 'Added', object: mkFifoObj('baz', 10) },
      { type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 10)) },
    ]);
    expect(await pop(f)).toEqual([{ type: 'Sync', object: mkFifoObj('foo', 5) }]);
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) }]);

    f = fifo({ knownObjects: all() });
    f.delete(mkFifoObj('bar', 6));
    f.add(mkFifoObj('bar', 100));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await pop(f)).toEqual([
      { type: 'Deleted', object: mkFifoObj('bar', 6) },
      { type: 'Added', object: mkFifoObj('bar', 100) },
      { type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 100)) },
    ]);
    expect(await pop(f)).toEqual([{ type: 'Sync', object: mkFifoObj('foo', 5) }]);
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 7)) }]);

    f = fifo({ knownObjects: all() });
    f.replace([mkFifoObj('bar', 100), mkFifoObj('foo', 5)], '0');
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await pop(f)).toEqual([
      { type: 'Sync', object: mkFifoObj('bar', 100) },
      { type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 100)) },
    ]);
    expect(await pop(f)).toEqual([
      { type: 'Sync', object: mkFifoObj('foo', 5) },
      { type: 'Sync', object: mkFifoObj('foo', 5) },
    ]);
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 7)) }]);

    f = fifo();
    f.add(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await pop(f)).toEqual([
      { type: 'Added', object: mkFifoObj('baz', 10) },
      { type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 10)) },
    ]);
    expect(await pop(f)).toEqual([{ type: 'Sync', object: mkFifoObj('foo', 5) }]);
  });

  it('TestDeltaFIFO_ReplaceMakesDeletionsReplaced and TestDeltaFIFO_ReplaceDeltaType: Replaced instead of Sync', async () => {
    const f = fifo({
      knownObjects: known(mkFifoObj('foo', 5), mkFifoObj('bar', 6), mkFifoObj('baz', 7)),
      emitDeltaTypeReplaced: true,
    });
    f.delete(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 6)], '0');
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: mkFifoObj('baz', 10) }]);
    expect(await pop(f)).toEqual([{ type: 'Replaced', object: mkFifoObj('foo', 6) }]);
    expect(await pop(f)).toEqual([{ type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) }]);

    const g = fifo({ knownObjects: known(mkFifoObj('foo', 5)), emitDeltaTypeReplaced: true });
    g.replace([mkFifoObj('foo', 5)], '0');
    expect(await pop(g)).toEqual([{ type: 'Replaced', object: mkFifoObj('foo', 5) }]);
  });

  it('TestDeltaFIFO_HasSyncedCorrectOnDeletion: synced only after items and tombstones are popped', async () => {
    const f = fifo({ knownObjects: known(mkFifoObj('foo', 5), mkFifoObj('bar', 6), mkFifoObj('baz', 7)) });
    f.replace([mkFifoObj('foo', 5)], '0');
    const expected = [
      [{ type: 'Sync', object: mkFifoObj('foo', 5) }],
      [{ type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) }],
      [{ type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 7)) }],
    ];
    for (const e of expected) {
      expect(f.hasSynced()).toBe(false);
      const { deltas, initial } = await pop2(f);
      expect(deltas).toEqual(e);
      expect(initial).toBe(true);
    }
    expect(f.hasSynced()).toBe(true);
    await f.synced;
  });

  it('TestDeltaFIFO_HasSynced: populated by the first write; duplicates in a replace count once', async () => {
    const cases: { actions: ((f: DeltaFIFO<FifoObj>) => unknown)[]; synced: boolean }[] = [
      { actions: [], synced: false },
      { actions: [(f) => f.add(mkFifoObj('a', 1))], synced: true },
      { actions: [(f) => f.replace([], '0')], synced: true },
      { actions: [(f) => f.replace([mkFifoObj('a', 1), mkFifoObj('b', 2)], '0')], synced: false },
      { actions: [(f) => f.replace([mkFifoObj('a', 1), mkFifoObj('b', 2)], '0'), (f) => pop(f)], synced: false },
      {
        actions: [(f) => f.replace([mkFifoObj('a', 1), mkFifoObj('b', 2)], '0'), (f) => pop(f), (f) => pop(f)],
        synced: true,
      },
      { actions: [(f) => f.replace([mkFifoObj('a', 1), mkFifoObj('a', 2)], '0'), (f) => pop(f)], synced: true },
    ];
    for (const [i, c] of cases.entries()) {
      const f = fifo();
      for (const a of c.actions) {
        await a(f);
      }
      expect(f.hasSynced(), `case ${i}`).toBe(c.synced);
    }
  });

  it('TestDeltaFIFO_detectLineJumpers: a key keeps its first queue position (13, 1, 30, 14)', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.add(mkFifoObj('bar', 1));
    f.add(mkFifoObj('foo', 11));
    f.add(mkFifoObj('foo', 13));
    f.add(mkFifoObj('zab', 30));
    expect(((await popNewest(f)) as FifoObj).val).toBe(13);
    f.add(mkFifoObj('foo', 14));
    expect(((await popNewest(f)) as FifoObj).val).toBe(1);
    expect(((await popNewest(f)) as FifoObj).val).toBe(30);
    expect(((await popNewest(f)) as FifoObj).val).toBe(14);
  });

  it('TestDeltaFIFO_KeyOf: objects, tombstones and delta lists', () => {
    const f = fifo();
    expect(f.keyOf(mkFifoObj('A', 0))).toBe('A');
    expect(f.keyOf(tomb('B', undefined))).toBe('B');
    expect(f.keyOf([{ type: 'Added', object: mkFifoObj('C', 0) }])).toBe('C');
    expect(f.keyOf([{ type: 'Deleted', object: tomb('D', undefined) }])).toBe('D');
    expect(() => f.keyOf([])).toThrow(/0 length Deltas/);
  });

  it('TestDeltaFIFO_PopShouldUnblockWhenClosed: close rejects every waiting pop', async () => {
    const f = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    const pops = Array.from({ length: 10 }, () => f.pop(() => {}));
    await flushMicrotasks();
    f.close();
    for (const p of pops) {
      await expect(p).rejects.toBeInstanceOf(FifoClosedError);
    }
    expect(f.isClosed()).toBe(true);
  });
});
