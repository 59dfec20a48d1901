// RealFIFO behaviour, ported from client-go's the_real_fifo_test.go (acceptance cases 48, 49).
import { describe, expect, it } from 'vitest';
import type { DeletedFinalStateUnknown } from '../../../runtime/api/meta.js';
import {
  type Delta,
  type Deltas,
  deletedFinalStateUnknown,
  FifoClosedError,
  RealFIFO,
  type RealFIFOOptions,
} from '../../../runtime/cache/index.js';
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

describe('RealFIFO', () => {
  it('TestRealFIFO_basic: interleaved producers keep their own order', async () => {
    const f = fifo();
    const produce = async (prefix: string) => {
      for (let i = 0; i < 500; i++) {
        f.add(mkFifoObj(`${prefix}${i}`, { prefix, n: i + 1 }));
        await Promise.resolve();
      }
    };
    void produce('a');
    void produce('b');
    const last: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 1000; i++) {
      const v = ((await popNewest(f)) as FifoObj).val as { prefix: string; n: number };
      expect(v.n).toBe((last[v.prefix] as number) + 1);
      last[v.prefix] = v.n;
    }
  });

  it('TestRealFIFO_replaceWithDeleteDeltaIn: a delete of a listed key stays, then Replaced', () => {
    const f = fifo({ knownObjects: known(mkFifoObj('foo', 1)) });
    f.delete(mkFifoObj('foo', 1));
    f.replace([mkFifoObj('foo', 2)], '');
    expect(f.getItems()).toEqual([
      { type: 'Deleted', object: mkFifoObj('foo', 1) },
      { type: 'Replaced', object: mkFifoObj('foo', 2) },
    ]);
  });

  describe('TestRealFIFOW_ReplaceMakesDeletionsForObjectsOnlyInQueue', () => {
    const obj = mkFifoObj('foo', 2);
    const objV2 = mkFifoObj('foo', 3);
    const table: { name: string; ops: (f: RealFIFO<FifoObj>) => void; expected: Delta<FifoObj>[] }[] = [
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
          { type: 'Replaced', object: obj },
          { type: 'Replaced', object: obj },
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
      {
        name: 'Bookmark object should not be added without atomic',
        ops: (f) => {
          f.bookmark('123');
          f.replace([], '0');
          f.replace([], '1');
        },
        expected: [],
      },
    ];
    for (const tt of table) {
      it(tt.name, async () => {
        const f = fifo();
        tt.ops(f);
        expect(await popAll(f)).toEqual(tt.expected);
        expect(f.length).toBe(0);
      });
    }
  });

  it('TestRealFIFO_addUpdate: every event is delivered, in arrival order', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.update(mkFifoObj('foo', 12));
    f.delete(mkFifoObj('foo', 15));
    expect(f.getItems()).toEqual([
      { type: 'Added', object: mkFifoObj('foo', 10) },
      { type: 'Updated', object: mkFifoObj('foo', 12) },
      { type: 'Deleted', object: mkFifoObj('foo', 15) },
    ]);
    for (const v of [10, 12, 15]) {
      expect(((await popNewest(f)) as FifoObj).val).toBe(v);
    }
    let more = false;
    const pending = f
      .pop(() => {})
      .then(
        () => {
          more = true;
        },
        (e: unknown) => e,
      );
    await flushMicrotasks();
    expect(more).toBe(false);
    f.close();
    expect(await pending).toBeInstanceOf(FifoClosedError);
  });

  it('TestRealFIFO_transformer: transformed once on enqueue, tombstones untouched, deletes repeated', async () => {
    interface Rx {
      rv: number;
      xfrm: number;
    }
    const mk = (name: string, rv: number): FifoObj => mkFifoObj(name, { rv, xfrm: 0 } satisfies Rx);
    const xfrm = (o: FifoObj): FifoObj => {
      (o.val as Rx).xfrm++;
      return o;
    };
    const f = fifo({ transform: xfrm });
    f.add(mk('foo', 10));
    f.add(mk('bar', 11));
    f.update(mk('foo', 12));
    f.delete(mk('foo', 15));
    f.replace([], '');
    f.add(mk('bar', 16));
    f.replace([], '');
    const t = (name: string, rv: number): FifoObj => mkFifoObj(name, { rv, xfrm: 1 });
    expect(await popAll(f)).toEqual([
      { type: 'Added', object: t('foo', 10) },
      { type: 'Added', object: t('bar', 11) },
      { type: 'Updated', object: t('foo', 12) },
      { type: 'Deleted', object: t('foo', 15) },
      { type: 'Deleted', object: tomb('bar', t('bar', 11)) },
      { type: 'Added', object: t('bar', 16) },
      { type: 'Deleted', object: tomb('bar', t('bar', 16)) },
    ]);
  });

  it('TestRealFIFO_enqueueingNoLister: a delete of an unknown key is still delivered', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.update(mkFifoObj('bar', 15));
    f.add(mkFifoObj('qux', 17));
    f.delete(mkFifoObj('qux', 18));
    f.delete(mkFifoObj('baz', 20));
    for (const v of [10, 15, 17, 18, 20]) {
      expect(((await popNewest(f)) as FifoObj).val).toBe(v);
    }
    expect(f.length).toBe(0);
  });

  it('TestRealFIFO_addReplace, TestRealFIFO_Resync, TestRealFIFO_ResyncNonExisting, TestRealFIFO_UpdateResyncRace', async () => {
    const a = fifo();
    a.add(mkFifoObj('foo', 10));
    a.replace([mkFifoObj('foo', 15)], '0');
    expect((await popAll(a)).map((d) => (d.object as FifoObj).val)).toEqual([10, 15]);

    const r = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    r.resync();
    expect(r.getItems().map((d) => d.type)).toEqual(['Sync']);

    const n = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    n.delete(mkFifoObj('foo', 10));
    n.resync();
    expect(n.getItems().map((d) => d.type)).toEqual(['Deleted']);

    const u = fifo({ knownObjects: known(mkFifoObj('foo', 5)) });
    u.update(mkFifoObj('foo', 6));
    u.resync();
    expect(await popAll(u)).toEqual([{ type: 'Updated', object: mkFifoObj('foo', 6) }]);
  });

  it('TestRealFIFO_ReplaceMakesDeletions: tombstones come before the Replaced items', async () => {
    const all = () => known(mkFifoObj('foo', 5), mkFifoObj('bar', 6), mkFifoObj('baz', 7));
    let f = fifo({ knownObjects: all() });
    f.delete(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await popAll(f)).toEqual([
      { type: 'Deleted', object: mkFifoObj('baz', 10) },
      { type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) },
      { type: 'Replaced', object: mkFifoObj('foo', 5) },
    ]);

    f = fifo({ knownObjects: all() });
    f.add(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await popAll(f)).toEqual([
      { type: 'Added', object: mkFifoObj('baz', 10) },
      { type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 10)) },
      { type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) },
      { type: 'Replaced', object: mkFifoObj('foo', 5) },
    ]);

    f = fifo({ knownObjects: all() });
    f.delete(mkFifoObj('bar', 6));
    f.add(mkFifoObj('bar', 100));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await popAll(f)).toEqual([
      { type: 'Deleted', object: mkFifoObj('bar', 6) },
      { type: 'Added', object: mkFifoObj('bar', 100) },
      { type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 100)) },
      { type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 7)) },
      { type: 'Replaced', object: mkFifoObj('foo', 5) },
    ]);

    f = fifo({ knownObjects: all() });
    f.replace([mkFifoObj('bar', 100), mkFifoObj('foo', 5)], '0');
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await popAll(f)).toEqual([
      { type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 7)) },
      { type: 'Replaced', object: mkFifoObj('bar', 100) },
      { type: 'Replaced', object: mkFifoObj('foo', 5) },
      { type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 100)) },
      { type: 'Replaced', object: mkFifoObj('foo', 5) },
    ]);

    f = fifo();
    f.add(mkFifoObj('baz', 10));
    f.replace([mkFifoObj('foo', 5)], '0');
    expect(await popAll(f)).toEqual([
      { type: 'Added', object: mkFifoObj('baz', 10) },
      { type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 10)) },
      { type: 'Replaced', object: mkFifoObj('foo', 5) },
    ]);
  });

  it('TestRealFIFO_HasSyncedCorrectOnDeletion and TestRealFIFO_HasSynced', async () => {
    const f = fifo({ knownObjects: known(mkFifoObj('foo', 5), mkFifoObj('bar', 6), mkFifoObj('baz', 7)) });
    f.replace([mkFifoObj('foo', 5)], '0');
    const expected: Deltas<FifoObj>[] = [
      [{ type: 'Deleted', object: tomb('bar', mkFifoObj('bar', 6)) }],
      [{ type: 'Deleted', object: tomb('baz', mkFifoObj('baz', 7)) }],
      [{ type: 'Replaced', object: mkFifoObj('foo', 5) }],
    ];
    for (const e of expected) {
      expect(f.hasSynced()).toBe(false);
      const { deltas, initial } = await pop2(f);
      expect(deltas).toEqual(e);
      expect(initial).toBe(true);
    }
    expect(f.hasSynced()).toBe(true);

    const cases: { actions: ((f: RealFIFO<FifoObj>) => unknown)[]; synced: boolean }[] = [
      { actions: [], synced: false },
      { actions: [(g) => g.add(mkFifoObj('a', 1))], synced: true },
      { actions: [(g) => g.replace([], '0')], synced: true },
      { actions: [(g) => g.replace([mkFifoObj('a', 1), mkFifoObj('b', 2)], '0'), (g) => pop(g)], synced: false },
      {
        actions: [(g) => g.replace([mkFifoObj('a', 1), mkFifoObj('a', 2)], '0'), (g) => pop(g), (g) => pop(g)],
        synced: true,
      },
    ];
    for (const [i, c] of cases.entries()) {
      const g = fifo();
      for (const a of c.actions) {
        await a(g);
      }
      expect(g.hasSynced(), `case ${i}`).toBe(c.synced);
    }
  });

  it('TestRealFIFO_detectLineJumpers: arrival order (10, 1, 11, 13, 30, 14)', async () => {
    const f = fifo();
    f.add(mkFifoObj('foo', 10));
    f.add(mkFifoObj('bar', 1));
    f.add(mkFifoObj('foo', 11));
    f.add(mkFifoObj('foo', 13));
    f.add(mkFifoObj('zab', 30));
    expect(((await popNewest(f)) as FifoObj).val).toBe(10);
    f.add(mkFifoObj('foo', 14));
    const rest: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      rest.push(((await popNewest(f)) as FifoObj).val);
    }
    expect(rest).toEqual([1, 11, 13, 30, 14]);
  });

  it('TestRealFIFO_KeyOf and TestRealFIFO_PopShouldUnblockWhenClosed', async () => {
    const f = fifo();
    expect(f.keyOf(mkFifoObj('A', 0))).toBe('A');
    expect(f.keyOf(tomb('B', undefined))).toBe('B');
    expect(f.keyOf([{ type: 'Added', object: mkFifoObj('C', 0) }])).toBe('C');
    expect(f.keyOf([{ type: 'Deleted', object: tomb('D', undefined) }])).toBe('D');
    const pops = Array.from({ length: 10 }, () => f.pop(() => {}));
    await flushMicrotasks();
    f.close();
    for (const p of pops) {
      await expect(p).rejects.toBeInstanceOf(FifoClosedError);
    }
  });

  it('construction rules: atomic forbids knownObjects; non-atomic requires it; bookmarks need atomic', () => {
    expect(() => new RealFIFO<FifoObj>({ atomicEvents: true, knownObjects: known() })).toThrow(/must not be provided/);
    expect(() => new RealFIFO<FifoObj>({})).toThrow(/must be provided/);
    expect(() => new RealFIFO<FifoObj>({ knownObjects: known(), emitDeltaTypeBookmark: true })).toThrow(
      /requires atomicEvents/,
    );
  });
});
