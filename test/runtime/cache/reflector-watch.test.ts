// Reflector watch handling and object checks, ported from client-go's reflector_test.go (acceptance cases 1-5, 26).
import { describe, expect, it } from 'vitest';
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import type { Watch } from '../../../runtime/api/watch-event.js';
import { type ListerWatcher, newStore, Reflector, StopRequestedError } from '../../../runtime/cache/index.js';
import { isUnsupportedTable } from '../../../runtime/cache/reflector-core.js';
import { handleAnyWatch, WatchInterrupt } from '../../../runtime/cache/watch-handler.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeWatcher } from '../../support/fake-watcher.js';
import { makePod, namesToRvs, type Pod, podList } from '../../support/pods.js';
import { testReflectorCore } from '../../support/reflector-core.js';
import { errnoError, waitFor } from '../../support/wait-for.js';

captureLogs();

function listWatch(
  list: (o: ListOptions) => Promise<KubernetesList<Pod>>,
  watch: (o: ListOptions) => Promise<Watch<Pod>>,
): ListerWatcher<Pod> {
  return { list, watch };
}

const never = (): Promise<never> => Promise.reject(new Error('unexpected call'));

describe('Reflector watch handling', () => {
  it('TestCloseWatchChannelOnError: an ERROR event stops the watcher', async () => {
    const fw = new FakeWatcher<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('1'),
        async () => fw,
      ),
      store: newStore<Pod>(),
      useWatchList: false,
    });
    const done = r.listAndWatch(new AbortController().signal);
    await waitFor(() => fw.delivered === 0 && r.health().watchRestarts === 0 && r.lastSyncResourceVersion() === '1');
    fw.error({ code: 500, reason: 'InternalError', message: 'boom' });
    await done;
    expect(fw.isStopped).toBe(true);
  });

  it('TestRunUntil: aborting stops run() and the watch', async () => {
    const fw = new FakeWatcher<Pod>();
    const store = newStore<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('1'),
        async () => fw,
      ),
      store,
      useWatchList: false,
    });
    const ac = new AbortController();
    const running = r.run(ac.signal);
    fw.add(makePod('bar', '2'));
    await waitFor(() => store.getByKey('bar') !== undefined, 'bar in the store');
    ac.abort();
    await running;
    expect(fw.isStopped).toBe(true);
  });

  it('TestReflectorWatchStoppedBefore: no List or Watch after the signal aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(never, never),
      store: newStore<Pod>(),
      useWatchList: false,
    });
    await r.listAndWatch(ac.signal);
    const r2 = new Reflector<Pod>({ listerWatcher: listWatch(never, never), store: newStore<Pod>() });
    await r2.listAndWatch(ac.signal);
  });

  it('TestReflectorWatchStoppedAfter: the watcher is always stopped when the signal aborts', async () => {
    const ac = new AbortController();
    const watchers: FakeWatcher<Pod>[] = [];
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('1'),
        async () => {
          const w = new FakeWatcher<Pod>();
          watchers.push(w);
          setImmediate(() => ac.abort());
          return w;
        },
      ),
      store: newStore<Pod>(),
      useWatchList: false,
    });
    await r.listAndWatch(ac.signal);
    expect(watchers).toHaveLength(1);
    expect(watchers[0]?.isStopped).toBe(true);
  });

  it('TestReflectorWatchHandler: wrong-type objects dropped; add, modify, delete applied; RV of the last event kept', async () => {
    const store = newStore<Pod>();
    const ac = new AbortController();
    const fw = new FakeWatcher<Pod>();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('1', [makePod('foo', '1'), makePod('bar', '1')]),
        async () => fw,
      ),
      store: {
        add: (o) => store.add(o),
        update: (o) => store.update(o),
        delete: (o) => store.delete(o),
        replace: (l, rv) => store.replace(l, rv),
        resync: () => {},
        updateResourceVersion: (rv) => {
          if (rv === '32') {
            ac.abort();
          }
        },
      },
      expectedType: { apiVersion: 'v1', kind: 'Pod' },
      useWatchList: false,
    });
    fw.add({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'rejected', resourceVersion: '2' } });
    fw.delete(makePod('foo', '3'));
    fw.modify(makePod('bar', '55'));
    fw.add(makePod('baz', '32'));
    await r.listAndWatch(ac.signal);
    expect(namesToRvs(store.list())).toEqual({ bar: '55', baz: '32' });
    expect(r.lastSyncResourceVersion()).toBe('32');
  });

  it('TestReflectorStopWatch: a watch consumed after the stop request ends with StopRequestedError', async () => {
    const interrupt = new WatchInterrupt();
    interrupt.fire(new StopRequestedError());
    const fw = new FakeWatcher<Pod>();
    const core = testReflectorCore<Pod>(newStore<Pod>());
    const result = await handleAnyWatch(core, fw, core.store, 0, {
      exitOnInitialEventsEnd: false,
      interrupt,
      onResourceVersion: () => {},
    });
    expect(result.error).toBeInstanceOf(StopRequestedError);
    expect(fw.isStopped).toBe(true);
  });

  it('a watch that closes at once with no event is a VeryShortWatchError; a quiet EOF/reset is a normal end', async () => {
    const core = testReflectorCore<Pod>(newStore<Pod>());
    const closed = new FakeWatcher<Pod>();
    closed.end();
    const r1 = await handleAnyWatch(core, closed, core.store, core.clock.now(), {
      exitOnInitialEventsEnd: false,
      interrupt: new WatchInterrupt(),
      onResourceVersion: () => {},
    });
    expect((r1.error as Error).message).toMatch(/very short watch/);
    const reset = new FakeWatcher<Pod>();
    reset.add(makePod('a', '5'));
    reset.fail(errnoError('ECONNRESET'));
    const r2 = await handleAnyWatch(core, reset, core.store, core.clock.now(), {
      exitOnInitialEventsEnd: false,
      interrupt: new WatchInterrupt(),
      onResourceVersion: () => {},
    });
    expect(r2.error).toBeUndefined();
  });

  it('TestIsUnsupportedTableObject: only meta.k8s.io Tables are rejected', () => {
    expect(isUnsupportedTable({ apiVersion: 'meta.k8s.io/v1beta1', kind: 'Table' })).toBe(true);
    expect(isUnsupportedTable({ apiVersion: 'meta.k8s.io/v1', kind: 'Table' })).toBe(true);
    expect(isUnsupportedTable({ apiVersion: 'v1', kind: 'Pod' })).toBe(false);
    expect(isUnsupportedTable({ apiVersion: 'custom.group/v1', kind: 'Table' })).toBe(false);
  });

  it('a LIST that returns a Table is rejected', async () => {
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => ({ apiVersion: 'meta.k8s.io/v1', kind: 'Table', metadata: { resourceVersion: '1' }, items: [] }),
        never,
      ),
      store: newStore<Pod>(),
      useWatchList: false,
    });
    await expect(r.listAndWatch(new AbortController().signal)).rejects.toThrow(/unsupported list gvk/);
  });
});
