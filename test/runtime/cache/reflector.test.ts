// Reflector ListAndWatch and options, ported from client-go's reflector_test.go (acceptance cases 6-8, 14, 22-26).
import { describe, expect, it } from 'vitest';
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import type { Watch } from '../../../runtime/api/watch-event.js';
import {
  DeltaFIFO,
  type ListerWatcher,
  newStore,
  RealFIFO,
  Reflector,
  type ReflectorStore,
} from '../../../runtime/cache/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeWatcher } from '../../support/fake-watcher.js';
import { makePod, namesToRvs, type Pod, podList } from '../../support/pods.js';
import { driveClock, waitFor } from '../../support/wait-for.js';

captureLogs();

function listWatch(
  list: (o: ListOptions) => Promise<KubernetesList<Pod>>,
  watch: (o: ListOptions) => Promise<Watch<Pod>>,
): ListerWatcher<Pod> {
  return { list, watch };
}

const never = (): Promise<never> => Promise.reject(new Error('unexpected call'));

describe('Reflector ListAndWatch', () => {
  it('TestReflectorListAndWatch, WatchList off: List {RV "0", limit 500}, then Watch {RV of the list, bookmarks}', async () => {
    const listOpts: ListOptions[] = [];
    const watchOpts: ListOptions[] = [];
    const fw = new FakeWatcher<Pod>();
    const fifo = new DeltaFIFO<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async (o) => {
          listOpts.push(o);
          return podList('1', [makePod('foo', '1')]);
        },
        async (o) => {
          watchOpts.push(o);
          return fw;
        },
      ),
      store: fifo,
      useWatchList: false,
    });
    const ac = new AbortController();
    const done = r.listAndWatch(ac.signal);
    fw.modify(makePod('foo', '2'));
    for (const [n, rv] of [
      ['bar', '3'],
      ['baz', '4'],
      ['qux', '5'],
      ['zoo', '6'],
    ] as const) {
      fw.add(makePod(n, rv));
    }
    await waitFor(() => fw.delivered === 5, 'all events consumed');
    const popped: Record<string, string | undefined>[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await fifo.pop(() => {});
      popped.push(namesToRvs([d[d.length - 1]?.object as Pod]));
    }
    expect(popped).toEqual([{ foo: '2' }, { bar: '3' }, { baz: '4' }, { qux: '5' }, { zoo: '6' }]);
    ac.abort();
    await done;
    expect(listOpts).toEqual([{ resourceVersion: '0', limit: 500 }]);
    expect(watchOpts).toEqual([
      { resourceVersion: '1', allowWatchBookmarks: true, timeoutSeconds: expect.any(Number) },
    ]);
  });

  it('TestReflectorListAndWatch, WatchList on: one streaming Watch, no List, the stream is reused', async () => {
    const watchOpts: ListOptions[] = [];
    const fw = new FakeWatcher<Pod>();
    const fifo = new DeltaFIFO<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(never, async (o) => {
        watchOpts.push(o);
        return fw;
      }),
      store: fifo,
    });
    expect(r.usesWatchList).toBe(true);
    const ac = new AbortController();
    const done = r.listAndWatch(ac.signal);
    fw.add(makePod('foo', '1'));
    fw.bookmark({
      metadata: { name: 'foo', resourceVersion: '1', annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
    fw.modify(makePod('foo', '2'));
    for (const [n, rv] of [
      ['bar', '3'],
      ['baz', '4'],
      ['qux', '5'],
      ['zoo', '6'],
    ] as const) {
      fw.add(makePod(n, rv));
    }
    // The fake watch is buffered; client-go's is not, so every event is applied before the first Pop there.
    await waitFor(() => fw.delivered === 7, 'all events consumed');
    const popped: Record<string, string | undefined>[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await fifo.pop(() => {});
      popped.push(namesToRvs([d[d.length - 1]?.object as Pod]));
    }
    expect(popped).toEqual([{ foo: '2' }, { bar: '3' }, { baz: '4' }, { qux: '5' }, { zoo: '6' }]);
    ac.abort();
    await done;
    expect(watchOpts).toEqual([
      {
        resourceVersion: '',
        resourceVersionMatch: 'NotOlderThan',
        sendInitialEvents: true,
        allowWatchBookmarks: true,
        timeoutSeconds: expect.any(Number),
      },
    ]);
  });

  it('TestReflectorListAndWatchWithErrors: list and watch-start errors are returned; each list replaces the store', async () => {
    const table: { list?: KubernetesList<Pod>; listErr?: Error; events?: [string, Pod][]; watchErr?: Error }[] = [
      {
        list: podList('1'),
        events: [
          ['ADDED', makePod('foo', '2')],
          ['ADDED', makePod('bar', '3')],
        ],
      },
      {
        list: podList('3', [makePod('foo', '2'), makePod('bar', '3')]),
        events: [
          ['DELETED', makePod('foo', '4')],
          ['ADDED', makePod('qux', '5')],
        ],
      },
      { listErr: new Error('a list error') },
      { list: podList('5', [makePod('bar', '3'), makePod('qux', '5')]), watchErr: new Error('a watch error') },
      { list: podList('5', [makePod('bar', '3'), makePod('qux', '5')]), events: [['ADDED', makePod('baz', '6')]] },
      { list: podList('6', [makePod('bar', '3'), makePod('qux', '5'), makePod('baz', '6')]) },
    ];
    const store = newStore<Pod>();
    for (const [line, item] of table.entries()) {
      if (item.list !== undefined) {
        expect(namesToRvs(store.list()), `line ${line}`).toEqual(namesToRvs(item.list.items));
      }
      const ac = new AbortController();
      let watchErr = item.watchErr;
      const r = new Reflector<Pod>({
        listerWatcher: listWatch(
          async () => {
            if (item.listErr !== undefined) {
              throw item.listErr;
            }
            return item.list as KubernetesList<Pod>;
          },
          async () => {
            if (watchErr !== undefined) {
              throw watchErr;
            }
            watchErr = new Error('second watch');
            const fw = new FakeWatcher<Pod>();
            for (const [type, obj] of item.events ?? []) {
              fw.action(type as 'ADDED', obj);
            }
            setImmediate(() => ac.abort());
            return fw;
          },
        ),
        store,
        useWatchList: false,
      });
      const run = r.listAndWatch(ac.signal);
      if (item.listErr !== undefined) {
        await expect(run).rejects.toBe(item.listErr);
      } else if (item.watchErr !== undefined) {
        await expect(run).rejects.toBe(item.watchErr);
      } else {
        await run;
      }
    }
  });

  it('TestReflectorResync: resync every period; a resync error ends ListAndWatch without an error', async () => {
    const clock = new FakeClock();
    let iteration = 0;
    const store: ReflectorStore<Pod> = {
      add: () => {},
      update: () => {},
      delete: () => {},
      replace: () => {},
      resync: () => {
        iteration++;
        if (iteration === 2) {
          throw new Error('expected resync reached');
        }
      },
    };
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('0'),
        async () => new FakeWatcher<Pod>(),
      ),
      store,
      resyncPeriodMs: 1,
      useWatchList: false,
      clock,
    });
    let finished = false;
    const done = r.listAndWatch(new AbortController().signal).then(() => {
      finished = true;
    });
    const steps = await driveClock(clock, () => finished);
    await done;
    expect(iteration).toBe(2);
    expect(steps).toEqual([1, 1]);
  });
});

describe('Reflector options and state', () => {
  it('TestWatchTimeout: timeoutSeconds in [300, 600]; a 1s minimum is ignored; 30m gives [1800, 3600]', async () => {
    const cases = [
      { min: undefined, lo: 300 },
      { min: 1000, lo: 300 },
      { min: 30 * 60_000, lo: 1800 },
    ];
    for (const c of cases) {
      for (const rnd of [0, 0.5, 0.999999]) {
        let got = -1;
        const ac = new AbortController();
        const r = new Reflector<Pod>({
          listerWatcher: listWatch(
            async () => podList('10'),
            async (o) => {
              got = o.timeoutSeconds ?? -1;
              ac.abort();
              return new FakeWatcher<Pod>();
            },
          ),
          store: newStore<Pod>(),
          useWatchList: false,
          random: () => rnd,
          ...(c.min === undefined ? {} : { minWatchTimeoutMs: c.min }),
        });
        await r.listAndWatch(ac.signal);
        expect(got).toBeGreaterThanOrEqual(c.lo);
        expect(got).toBeLessThanOrEqual(2 * c.lo);
        expect(got).toBe(Math.floor(c.lo + rnd * c.lo));
      }
    }
  });

  it('TestReflectorResourceVersionUpdate: the RV updater sees 10, 20, 30 (bookmark), 40', async () => {
    const rvs: string[] = [];
    const store = newStore<Pod>();
    const ac = new AbortController();
    const fw = new FakeWatcher<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('10'),
        async () => fw,
      ),
      store: {
        add: (o) => store.add(o),
        update: (o) => store.update(o),
        delete: (o) => store.delete(o),
        replace: (l, rv) => store.replace(l, rv),
        resync: () => {},
        updateResourceVersion: (rv) => {
          rvs.push(rv);
          if (rv === '40') {
            ac.abort();
          }
        },
      },
      useWatchList: false,
    });
    fw.add(makePod('a', '10'));
    fw.modify(makePod('a', '20'));
    fw.bookmark({ metadata: { resourceVersion: '30' } });
    fw.delete(makePod('a', '40'));
    await r.listAndWatch(ac.signal);
    expect(rvs).toEqual(['10', '20', '30', '40']);
    expect(r.health().lastBookmarkAt).toBeDefined();
  });

  it('TestReflectorReplacesStoreOnUnsafeDelete: a 500 ERROR event leads to a relist that replaces the store', async () => {
    const mk = (name: string, rv: string) => makePod(name, rv, { namespace: 'ns' });
    const pods = [mk('foo-1', '1'), mk('foo-2', '2'), mk('foo-3', '3')];
    const lists = [podList('3', pods), podList('5', pods)];
    const inner = newStore<Pod>();
    const replaced: string[] = [];
    let sawCorruptBefore = false;
    const store: ReflectorStore<Pod> = {
      add: (o) => inner.add(o),
      update: (o) => inner.update(o),
      delete: (o) => inner.delete(o),
      resync: () => {},
      replace: (l, rv) => {
        if (rv === '5') {
          sawCorruptBefore = inner.getByKey('ns/foo') !== undefined;
        }
        inner.replace(l, rv);
        replaced.push(rv);
      },
    };
    let first = true;
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => lists.shift() ?? podList('5', pods),
        async () => {
          const fw = new FakeWatcher<Pod>();
          if (first) {
            first = false;
            fw.add(mk('foo', '4'));
            fw.error({ code: 500, reason: 'StoreReadError', message: 'corrupt object has been deleted' });
          }
          return fw;
        },
      ),
      store,
      useWatchList: false,
      delayFunc: () => 0,
    });
    const ac = new AbortController();
    const running = r.run(ac.signal);
    await waitFor(() => r.lastSyncResourceVersion() === '5', 'the relist');
    ac.abort();
    await running;
    expect(replaced).toEqual(['3', '5']);
    expect(sawCorruptBefore).toBe(true);
    expect(inner.getByKey('ns/foo')).toBeUndefined();
    expect(inner.listKeys().sort()).toEqual(['ns/foo-1', 'ns/foo-2', 'ns/foo-3']);
    expect(r.health().relists).toBe(1);
  });

  describe('TestReflectorRespectStoreTransformer: a streaming list transforms in its temporary store and again in the FIFO', () => {
    const builders: Record<string, (transform: (p: Pod) => Pod) => ReflectorStore<Pod> & { snapshot(): Pod[] }> = {
      'real-fifo': (transform) => {
        const f = new RealFIFO<Pod>({ knownObjects: newStore<Pod>(), transform });
        return Object.assign(f, { snapshot: () => f.getItems().map((d) => d.object as Pod) });
      },
      'real-fifo atomic': (transform) => {
        const f = new RealFIFO<Pod>({ atomicEvents: true, transform });
        return Object.assign(f, {
          snapshot: () =>
            f.getItems().flatMap((d) => (d.type === 'ReplacedAll' ? [...d.object.objects] : [d.object as Pod])),
        });
      },
      'delta-fifo': (transform) => {
        const f = new DeltaFIFO<Pod>({ transform });
        return Object.assign(f, { snapshot: () => f.list() as Pod[] });
      },
    };
    for (const [name, build] of Object.entries(builders)) {
      it(name, async () => {
        let calls = 0;
        const store = build((p) => {
          calls++;
          p.spec = { hostname: 'transformed' };
          return p;
        });
        const ac = new AbortController();
        const fw = new FakeWatcher<Pod>();
        const mk = (n: string, rv: string): Pod => ({
          ...makePod(n, rv, { namespace: 'ns' }),
          spec: { hostname: 'test' },
        });
        fw.add(mk('foo-1', '1'));
        fw.add(mk('foo-2', '2'));
        fw.bookmark({ metadata: { resourceVersion: '3', annotations: { 'k8s.io/initial-events-end': 'true' } } });
        fw.add(mk('foo-3', '3'));
        const r = new Reflector<Pod>({
          listerWatcher: listWatch(never, async () => fw),
          store,
        });
        const running = r.run(ac.signal);
        await waitFor(() => r.lastSyncResourceVersion() === '3' && fw.delivered === 4, 'rv 3');
        ac.abort();
        await running;
        const items = store.snapshot();
        expect(items).toHaveLength(3);
        expect(items.every((p) => p.spec?.hostname === 'transformed')).toBe(true);
        expect(calls).toBe(5);
      });
    }
  });
});
