// Streaming lists (WATCH + sendInitialEvents), ported from client-go's reflector_watchlist_test.go (cases 27-36).
import { describe, expect, it } from 'vitest';
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import { type ListerWatcher, newStore, Reflector } from '../../../runtime/cache/index.js';
import { handleAnyWatch, WatchInterrupt } from '../../../runtime/cache/watch-handler.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { BatchedFakeWatcher, FakeWatcher } from '../../support/fake-watcher.js';
import { type Pod, podList } from '../../support/pods.js';
import { testReflectorCore } from '../../support/reflector-core.js';
import { waitFor } from '../../support/wait-for.js';
import { endBookmark, p1v3, pod, scenarios, withoutTimeout } from './watch-list-scenarios.js';

const logs = captureLogs();

/** client-go's fakeListWatcher: one shared watcher until the test recreates it. */
class FakeListWatcher implements ListerWatcher<Pod> {
  watcher = new FakeWatcher<Pod>();
  listCounter = 0;
  watchCounter = 0;
  readonly requestOptions: ListOptions[] = [];
  closeAfterWatchRequests = 0;
  closeAfterListRequests = 0;
  customListResponse: KubernetesList<Pod> | undefined;
  watchOptionsPredicate: ((o: ListOptions) => Error | undefined) | undefined;

  constructor(private readonly stop: () => void) {}

  async list(options: ListOptions): Promise<KubernetesList<Pod>> {
    this.listCounter++;
    this.requestOptions.push(options);
    if (this.listCounter === this.closeAfterListRequests) {
      this.stop();
    }
    if (this.customListResponse !== undefined) {
      return this.customListResponse;
    }
    throw new Error('not implemented');
  }

  async watch(options: ListOptions): Promise<FakeWatcher<Pod>> {
    this.watchCounter++;
    this.requestOptions.push(options);
    if (this.watchCounter === this.closeAfterWatchRequests) {
      this.stop();
    }
    const err = this.watchOptionsPredicate?.(options);
    if (err !== undefined) {
      throw err;
    }
    return this.watcher;
  }

  stopAndRecreateWatch(): void {
    this.watcher.end();
    this.watcher = new FakeWatcher<Pod>();
  }
}

describe('streaming list', () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const ac = new AbortController();
      const lw = new FakeListWatcher(() => ac.abort());
      lw.watchOptionsPredicate = s.watchOptionsPredicate;
      lw.closeAfterWatchRequests = s.closeAfterWatchRequests ?? 0;
      lw.customListResponse = s.podList;
      const store = newStore<Pod>();
      const r = new Reflector<Pod>({
        listerWatcher: lw,
        store,
        useWatchList: !s.disableUseWatchList,
        delayFunc: () => 0,
      });
      const result = r.listAndWatch(ac.signal).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      for (const [i, [type, obj]] of (s.watchEvents ?? []).entries()) {
        const w = lw.watcher;
        const before = w.delivered;
        w.action(type, obj);
        await waitFor(() => w.delivered > before || ac.signal.aborted, `event ${i} consumed`);
        if (i + 1 === s.stopAfterWatchEvents) {
          lw.stopAndRecreateWatch();
          continue;
        }
        if (i + 1 === s.closeAfterWatchEvents) {
          ac.abort();
        }
      }
      const err = await result;
      if (s.expectedError === undefined) {
        expect(err).toBeUndefined();
      } else {
        expect(err?.message).toBe(s.expectedError);
      }
      expect(lw.watchCounter).toBe(s.expectedWatchRequests);
      expect(lw.listCounter).toBe(s.expectedListRequests ?? 0);
      expect(lw.requestOptions.map((o) => o.timeoutSeconds !== undefined)).toEqual(
        s.expectedRequestOptions.map((o) => o.timeoutSeconds !== undefined),
      );
      expect(lw.requestOptions.map(withoutTimeout)).toEqual(s.expectedRequestOptions.map(withoutTimeout));
      const byName = (a: Pod, b: Pod) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
      expect(store.list().sort(byName)).toEqual([...(s.expectedStoreContent ?? [])].sort(byName));
    });
  }

  it('a batch that runs past the initial-events-end bookmark leaves the rest to the watch that follows', async () => {
    const ac = new AbortController();
    const w = new BatchedFakeWatcher<Pod>();
    const requests: ListOptions[] = [];
    const store = newStore<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: {
        list: () => Promise.reject(new Error('no LIST expected')),
        watch: async (o) => {
          requests.push(o);
          return w;
        },
      },
      store,
      delayFunc: () => 0,
    });
    // Everything arrives before the reflector reads, so it comes as one batch.
    w.add(pod('p1', '1'));
    w.add(pod('p2', '2'));
    w.bookmark(endBookmark('2'));
    w.modify(p1v3);
    w.add(pod('p4', '4'));
    const done = r.listAndWatch(ac.signal);
    await waitFor(() => store.list().length === 3 && store.get(p1v3)?.metadata.resourceVersion === '3');
    // One batch of five; the two events after the bookmark were handed back and read again by the watch loop.
    expect(w.batchSizes).toEqual([5, 2]);
    expect(r.lastSyncResourceVersion()).toBe('4');
    ac.abort();
    await done;
    // The same watch went on after the bookmark: no second request.
    expect(requests).toHaveLength(1);
    expect(store.listKeys().sort()).toEqual(['p1', 'p2', 'p4']);
  });

  it('TestNewReflectorWithDisablementWatchList: streaming lists need the option and a supporting source', () => {
    const base = { list: () => Promise.reject(new Error('x')), watch: () => Promise.reject(new Error('x')) };
    const mk = (useWatchList: boolean, lw: ListerWatcher<Pod>) =>
      new Reflector<Pod>({ listerWatcher: lw, store: newStore<Pod>(), useWatchList }).usesWatchList;
    expect(mk(false, { ...base, isWatchListSemanticsUnsupported: () => false })).toBe(false);
    expect(mk(true, { ...base, isWatchListSemanticsUnsupported: () => false })).toBe(true);
    expect(mk(true, { ...base, isWatchListSemanticsUnsupported: () => true })).toBe(false);
    expect(mk(true, base)).toBe(true);
  });

  it('TestWatchListResourceVersion: the RV comes only from non-ADDED events and the bookmark', async () => {
    const cases: { events: ['ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK', Pod][]; want: string }[] = [
      { events: [], want: '' },
      { events: [['ADDED', pod('p1', '1')]], want: '' },
      {
        events: [
          ['ADDED', pod('p1', '1')],
          ['BOOKMARK', endBookmark('2')],
        ],
        want: '2',
      },
      {
        events: [
          ['ADDED', pod('p1', '5')],
          ['ADDED', pod('p2', '1')],
          ['MODIFIED', pod('p2', '6')],
        ],
        want: '6',
      },
      {
        events: [
          ['ADDED', pod('p1', '5')],
          ['DELETED', pod('p1', '7')],
        ],
        want: '7',
      },
      // Once past the synthetic ADDED events, every event counts, a later ADDED too.
      {
        events: [
          ['ADDED', pod('p1', '5')],
          ['MODIFIED', pod('p1', '6')],
          ['ADDED', pod('p3', '8')],
        ],
        want: '8',
      },
      {
        events: [
          ['ADDED', pod('p1', '5')],
          ['DELETED', pod('p1', '7')],
          ['ADDED', pod('p2', '8')],
          ['MODIFIED', pod('p2', '9')],
          ['BOOKMARK', endBookmark('10')],
        ],
        want: '10',
      },
    ];
    for (const c of cases) {
      const core = testReflectorCore<Pod>(newStore<Pod>());
      const w = new FakeWatcher<Pod>();
      for (const [t, o] of c.events) {
        w.action(t, o);
      }
      w.end();
      let rv = '';
      await handleAnyWatch(core, w, core.store, core.clock.now(), {
        exitOnInitialEventsEnd: true,
        interrupt: new WatchInterrupt(),
        onResourceVersion: (v, besides) => {
          if (besides) {
            rv = v;
          }
        },
      });
      expect(rv).toBe(c.want);
    }
  });

  it('lastSyncResourceVersion(): unset while the initial events stream, the bookmark after, then every watch event', async () => {
    const ac = new AbortController();
    const w = new FakeWatcher<Pod>();
    const store = newStore<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: {
        list: () => Promise.reject(new Error('no LIST expected')),
        watch: async () => w,
      },
      store,
      delayFunc: () => 0,
    });
    const done = r.listAndWatch(ac.signal);
    const send = async (type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK', obj: Pod) => {
      const before = w.delivered;
      w.action(type, obj);
      await waitFor(() => w.delivered > before, `${type} consumed`);
    };
    // Synthetic ADDED events come in any RV order; MODIFIED and DELETED before the bookmark update the temporary
    // store only, and the RV is not published until the initial events end.
    await send('ADDED', pod('p1', '9'));
    await send('ADDED', pod('p2', '3'));
    await send('MODIFIED', pod('p2', '11'));
    await send('DELETED', pod('p1', '12'));
    expect(r.lastSyncResourceVersion()).toBe('');
    expect(store.list()).toEqual([]);
    await send('BOOKMARK', endBookmark('13'));
    await waitFor(() => r.lastSyncResourceVersion() !== '', 'synced');
    expect(r.lastSyncResourceVersion()).toBe('13');
    expect(store.list()).toEqual([pod('p2', '11')]);
    // The same watch goes on from a known RV: each event moves it, whatever its type, an ADDED first too.
    await send('ADDED', pod('p4', '14'));
    expect(r.lastSyncResourceVersion()).toBe('14');
    await send('MODIFIED', pod('p2', '15'));
    expect(r.lastSyncResourceVersion()).toBe('15');
    await send('DELETED', pod('p2', '16'));
    expect(r.lastSyncResourceVersion()).toBe('16');
    expect(store.listKeys()).toEqual(['p4']);
    ac.abort();
    await done;
  });

  it('TestInitialEventsEndBookmarkTicker: warns every 10s while the bookmark is missing; idle timeout falls back to LIST', async () => {
    const clock = new FakeClock();
    const w = new FakeWatcher<Pod>();
    let lists = 0;
    const ac = new AbortController();
    const r = new Reflector<Pod>({
      listerWatcher: {
        list: async () => {
          lists++;
          return podList('7', [pod('a', '7')]);
        },
        watch: async (o) => {
          if (o.sendInitialEvents !== true) {
            ac.abort();
          }
          return w;
        },
      },
      store: newStore<Pod>(),
      clock,
      watchListIdleTimeoutMs: 30_000,
    });
    const done = r.listAndWatch(ac.signal);
    w.add(pod('a', '1'));
    await waitFor(() => w.delivered === 1);
    await clock.advance(10_000);
    expect(logs.some((l) => l.level === 'warn' && /hasn't received required bookmark/.test(l.msg))).toBe(true);
    expect(lists).toBe(0);
    await clock.advance(20_000);
    await done;
    expect(lists).toBe(1);
    expect(r.lastSyncResourceVersion()).toBe('7');
  });
});
