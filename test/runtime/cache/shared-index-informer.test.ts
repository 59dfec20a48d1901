// SharedIndexInformer behaviour, ported from client-go's shared_informer_test.go (acceptance cases 58-65).
import { describe, expect, it } from 'vitest';
import {
  InformerStartedError,
  InformerStoppedError,
  type ResourceEventHandler,
  SharedIndexInformer,
  type SharedIndexInformerOptions,
  waitForCacheSync,
} from '../../../runtime/cache/index.js';
import type { ProcessorListener } from '../../../runtime/cache/processor-listener.js';
import type { SharedProcessor } from '../../../runtime/cache/shared-processor.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { forbidden } from '../../support/api-status-errors.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';
import { TestListener } from '../../support/test-listener.js';
import { waitFor } from '../../support/wait-for.js';

captureLogs();

function setup(resyncPeriodMs: number, extra: Partial<SharedIndexInformerOptions<Pod>> = {}) {
  const source = new FakeControllerSource<Pod>();
  const clock = new FakeClock();
  const informer = new SharedIndexInformer<Pod>({
    listerWatcher: source,
    resyncPeriodMs,
    clock,
    random: () => 0,
    ...extra,
  });
  const ac = new AbortController();
  let running: Promise<void> | undefined;
  const start = () => {
    running = informer.run(ac.signal);
    return running;
  };
  const stop = async () => {
    ac.abort();
    await running;
    source.shutdown();
  };
  return { source, clock, informer, start, stop };
}

const resyncOf = (h: unknown): number => (h as ProcessorListener<Pod>).resyncPeriodMs;

describe('SharedIndexInformer', () => {
  it('TestIndexer: custom indexers, objects added later, and indexers added after start', async () => {
    const { source, informer, start, stop } = setup(1000);
    const labelsIndex = (p: Pod) => Object.keys(p.metadata.labels ?? {});
    source.add(makePod('pod1', undefined, { labels: { a: 'a-val', b: 'b-val1' } }));
    source.add(makePod('pod2', undefined, { labels: { b: 'b-val2' } }));
    informer.addIndexers({ labels: labelsIndex });
    void start();
    expect(await waitForCacheSync(undefined, informer)).toBe(true);
    expect(
      informer
        .getIndexer()
        .byIndex('labels', 'a')
        .map((p) => p.metadata.name),
    ).toEqual(['pod1']);
    source.add(makePod('pod3', undefined, { labels: { a: 'a-val2' } }));
    await waitFor(() => informer.getIndexer().byIndex('labels', 'a').length === 2, 'pod3 indexed');
    informer.addIndexers({ 'labels-again': labelsIndex });
    expect(
      informer
        .getIndexer()
        .byIndex('labels-again', 'a')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['pod1', 'pod3']);
    expect(informer.getIndexer().listIndexFuncValues('labels').sort()).toEqual(['a', 'b']);
    await stop();
  });

  it('TestListenerResyncPeriods: handlers with periods 0, 2s and 3s resync on their own schedule', async () => {
    const { source, clock, informer, start, stop } = setup(1000);
    source.add(makePod('pod1'));
    source.add(makePod('pod2'));
    const l1 = new TestListener('listener1', 0, 'pod1', 'pod2');
    const l2 = new TestListener('listener2', 2000, 'pod1', 'pod2');
    const l3 = new TestListener('listener3', 3000, 'pod1', 'pod2');
    const listeners = [l1, l2, l3];
    for (const l of listeners) {
      informer.addEventHandler(l, { resyncPeriodMs: l.resyncPeriodMs });
    }
    void start();
    for (const l of listeners) {
      expect(await l.ok(), l.name).toBe(true);
      l.reset();
    }
    await clock.advance(1000);
    await clock.advance(1000);
    expect(await l2.ok()).toBe(true);
    expect(l1.received).toEqual([]);
    expect(l3.received).toEqual([]);
    for (const l of listeners) {
      l.reset();
    }
    await clock.advance(1000);
    expect(await l3.ok()).toBe(true);
    expect(l1.received).toEqual([]);
    expect(l2.received).toEqual([]);
    await stop();
  });

  it('TestListenerResyncPeriodsDelayed: the processor starts 1s after the first distribute; nothing is lost or late', async () => {
    const { source, clock, informer, start, stop } = setup(1000);
    source.add(makePod('pod1'));
    source.add(makePod('pod2'));
    const l1 = new TestListener('listener1', 0, 'pod1', 'pod2');
    const l2 = new TestListener('listener2', 2000, 'pod1', 'pod2');
    const l3 = new TestListener('listener3', 3000, 'pod1', 'pod2');
    const listeners = [l1, l2, l3];
    const regs = listeners.map((l) => informer.addEventHandler(l, { resyncPeriodMs: l.resyncPeriodMs }));
    // client-go's sharedProcessorRunHook sleeps startupDelay at the top of sharedProcessor.run, so the controller
    // distributes the initial list before any listener runs. Here the processor's run is deferred 1s on the clock.
    const processor = (informer as unknown as { processor: SharedProcessor<Pod> }).processor;
    const run = processor.run.bind(processor);
    processor.run = () => {
      clock.setTimeout(run, 1000);
    };
    void start();
    await waitFor(() => informer.hasSynced() && regs.every((r) => r.pending === 2), 'initial list distributed');
    expect(listeners.map((l) => l.received)).toEqual([[], [], []]);
    // t = 1s: the processor starts and every listener gets the initial list.
    await clock.advance(1000);
    for (const l of listeners) {
      expect(await l.ok(), l.name).toBe(true);
      l.reset();
    }
    // t = 2s (2s - startupDelay later, as in client-go): only listener2 resyncs.
    await clock.advance(1000);
    expect(await l2.ok()).toBe(true);
    expect(l1.received).toEqual([]);
    expect(l3.received).toEqual([]);
    for (const l of listeners) {
      l.reset();
    }
    // t = 3s: only listener3 resyncs.
    await clock.advance(1000);
    expect(await l3.ok()).toBe(true);
    expect(l1.received).toEqual([]);
    expect(l2.received).toEqual([]);
    await stop();
  });

  it('TestResyncCheckPeriod: the check period drops 12h -> 1m -> 55s -> 5s; listener periods stay as requested', () => {
    const { informer } = setup(12 * 3600_000);
    const h1 = informer.addEventHandler(new TestListener('l1', 0), { resyncPeriodMs: 0 });
    expect(informer.resyncCheckPeriod).toBe(12 * 3600_000);
    expect(resyncOf(h1)).toBe(0);
    const h2 = informer.addEventHandler(new TestListener('l2', 0), { resyncPeriodMs: 60_000 });
    expect(informer.resyncCheckPeriod).toBe(60_000);
    expect([resyncOf(h1), resyncOf(h2)]).toEqual([0, 60_000]);
    const h3 = informer.addEventHandler(new TestListener('l3', 0), { resyncPeriodMs: 55_000 });
    expect(informer.resyncCheckPeriod).toBe(55_000);
    expect([resyncOf(h1), resyncOf(h2), resyncOf(h3)]).toEqual([0, 60_000, 55_000]);
    const h4 = informer.addEventHandler(new TestListener('l4', 0), { resyncPeriodMs: 5000 });
    expect(informer.resyncCheckPeriod).toBe(5000);
    expect([resyncOf(h1), resyncOf(h2), resyncOf(h3), resyncOf(h4)]).toEqual([0, 60_000, 55_000, 5000]);
    const h5 = informer.addEventHandler(new TestListener('l5', 0), { resyncPeriodMs: 10 });
    expect(resyncOf(h5)).toBe(1000);
    expect(informer.resyncCheckPeriod).toBe(1000);
  });

  it('TestSharedInformerWatchDisruption: after a relist, a no-resync handler sees pod2 and pod3, a resync-due one all', async () => {
    const { source, clock, informer, start, stop } = setup(1000);
    source.add(makePod('pod1', undefined, { uid: 'pod1' }));
    source.add(makePod('pod2', undefined, { uid: 'pod2' }));
    const noResync = new TestListener('listenerNoResync', 0, 'pod1', 'pod2');
    const resync = new TestListener('listenerResync', 1000, 'pod1', 'pod2');
    informer.addEventHandler(noResync, { resyncPeriodMs: 0 });
    informer.addEventHandler(resync, { resyncPeriodMs: 1000 });
    void start();
    for (const l of [noResync, resync]) {
      expect(await l.ok(), l.name).toBe(true);
    }
    source.addDropWatch(makePod('pod3', undefined, { uid: 'pod3' }));
    source.modifyDropWatch(makePod('pod2', undefined, { uid: 'pod2', labels: { changed: 'yes' } }));
    for (const l of [noResync, resync]) {
      expect(await l.ok(), l.name).toBe(true);
      l.reset();
    }
    noResync.expected = new Set(['pod2', 'pod3']);
    resync.expected = new Set(['pod1', 'pod2', 'pod3']);
    // The resync check marks only the resync listener as due.
    await clock.advance(1000);
    source.resetWatch();
    await waitFor(() => clock.pendingDelays().includes(800), 'the backoff before the relist');
    await clock.advance(800);
    for (const l of [noResync, resync]) {
      expect(await l.ok(), `${l.name}: ${l.received.join(',')}`).toBe(true);
    }
    expect(informer.health().relists).toBe(1);
    await stop();
  });

  it('TestSharedInformerErrorHandling: the watch error handler receives the list error', async () => {
    const { source, informer, start, stop } = setup(1000);
    source.add(makePod('pod1'));
    source.listError = forbidden('Access Denied');
    const errors: unknown[] = [];
    informer.setWatchErrorHandler((_r, err) => errors.push(err));
    void start();
    await waitFor(() => errors.length > 0, 'the error handler');
    expect((errors[0] as Error).message).toContain('Access Denied');
    expect(informer.health().lastError).toBe(errors[0]);
    expect(() => informer.setWatchErrorHandler(() => {})).toThrow(InformerStartedError);
    expect(() => informer.setTransform(undefined)).toThrow('informer has already started');
    await stop();
  });

  it('TestSharedInformerTransformer: handlers see transformed objects', async () => {
    const { source, informer, start, stop } = setup(1000);
    source.add(makePod('pod1'));
    source.add(makePod('pod2'));
    informer.setTransform((p) => {
      p.metadata.name = (p.metadata.name ?? '').toUpperCase();
      return p;
    });
    const l = new TestListener('listenerTransformer', 0, 'POD1', 'POD2');
    informer.addEventHandler(l);
    void start();
    expect(await l.ok()).toBe(true);
    expect(informer.getStore().listKeys().sort()).toEqual(['POD1', 'POD2']);
    await stop();
  });

  it('TestSharedInformerRemoveHandler, RemoveForeignHandler, MultipleRegistration, RemovingRemovedSharedInformer', () => {
    const a = setup(1000).informer;
    const b = setup(1000).informer;
    const handler: ResourceEventHandler<Pod> = {};
    const h1 = a.addEventHandler(handler);
    const h2 = a.addEventHandler(handler);
    expect(h1).not.toBe(h2);
    expect(a.handlerCount).toBe(2);
    expect(b.isRegistered(h1)).toBe(false);
    b.removeEventHandler(h1);
    expect(a.handlerCount).toBe(2);
    expect(a.isRegistered(h1)).toBe(true);
    a.removeEventHandler(h1);
    expect(a.isRegistered(h1)).toBe(false);
    expect(a.isRegistered(h2)).toBe(true);
    expect(a.handlerCount).toBe(1);
    a.removeEventHandler(h1);
    expect(a.handlerCount).toBe(1);
    a.removeEventHandler(h2);
    expect(a.handlerCount).toBe(0);
  });

  it('TestStateSharedInformer, TestAddOnStoppedSharedInformer, TestRemoveOnStoppedSharedInformer', async () => {
    const { source, informer, start, stop } = setup(1000);
    source.add(makePod('pod1'));
    const l = new TestListener('listener', 0, 'pod1');
    const handle = informer.addEventHandler(l);
    expect(informer.hasStarted()).toBe(false);
    expect(informer.isStopped()).toBe(false);
    void start();
    expect(await l.ok()).toBe(true);
    expect(informer.hasStarted()).toBe(true);
    expect(informer.isStopped()).toBe(false);
    await stop();
    expect(informer.isStopped()).toBe(true);
    expect(informer.hasStarted()).toBe(true);
    expect(() => informer.addEventHandler(new TestListener('late', 0))).toThrow(InformerStoppedError);
    expect(() => informer.addEventHandler(new TestListener('late', 0))).toThrow(
      /was not added to shared informer because it has stopped already$/,
    );
    expect(() => informer.removeEventHandler(handle)).not.toThrow();
    expect(() => informer.addIndexers({ x: () => [] })).toThrow(InformerStoppedError);
    await informer.run(new AbortController().signal);
  });

  it('TestRemoveWhileActive: a removed handler gets nothing more', async () => {
    const { source, informer, start, stop } = setup(0);
    const l = new TestListener('listener', 0, 'pod1');
    const handle = informer.addEventHandler(l);
    void start();
    source.add(makePod('pod1'));
    expect(await l.ok()).toBe(true);
    informer.removeEventHandler(handle);
    expect(informer.isRegistered(handle)).toBe(false);
    source.add(makePod('pod2'));
    await waitFor(() => informer.getStore().size === 2, 'pod2 cached');
    expect(await l.ok()).toBe(true);
    await stop();
  });

  it('TestAddWhileActive: a late handler gets the cache replayed and is unsynced until it has handled it', async () => {
    const { source, informer, start, stop } = setup(0);
    const l1 = new TestListener('originalListener', 0, 'pod1');
    const h1 = informer.addEventHandler(l1);
    expect(h1.hasSynced()).toBe(false);
    void start();
    source.add(makePod('pod1'));
    expect(await l1.ok()).toBe(true);
    await h1.synced;
    expect(h1.hasSynced()).toBe(true);

    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const l2 = new TestListener('listener2', 0, 'pod1', 'pod2');
    const initial: boolean[] = [];
    const h2 = informer.addEventHandler({
      onAdd: async (obj, isInInitialList) => {
        initial.push(isInInitialList);
        await gate;
        l2.onAdd(obj as Pod);
      },
    });
    expect(h2.hasSynced()).toBe(false);
    await waitFor(() => initial.length === 1, 'replay started');
    expect(h2.hasSynced()).toBe(false);
    release();
    await h2.synced;
    expect(initial).toEqual([true]);
    source.add(makePod('pod2'));
    expect(await l2.ok()).toBe(true);
    expect(initial).toEqual([true, false]);
    expect(informer.isRegistered(h1) && informer.isRegistered(h2)).toBe(true);
    l1.expected = new Set(['pod1', 'pod2']);
    expect(await l1.ok()).toBe(true);
    await stop();
  });

  it('health() reports sync state, relists, watch restarts, last event and bookmark', async () => {
    const { source, informer, start, stop } = setup(0);
    source.add(makePod('a'));
    expect(informer.health()).toMatchObject({ synced: false, started: false, relists: 0 });
    void start();
    await informer.synced;
    source.add(makePod('b'));
    await waitFor(() => informer.getStore().size === 2);
    source.bookmark();
    await waitFor(() => informer.health().lastEventAt !== undefined && informer.lastSyncResourceVersion() === '2');
    const h = informer.health();
    expect(h).toMatchObject({ synced: true, started: true, stopped: false, handlers: 0, relists: 0, watchRestarts: 0 });
    expect(h.lastBookmarkAt).toBeDefined();
    await stop();
    expect(informer.health().stopped).toBe(true);
  });

  it('waitForCacheSync resolves false when the signal aborts first', async () => {
    const { informer } = setup(0);
    const ac = new AbortController();
    const p = waitForCacheSync(ac.signal, informer);
    ac.abort();
    expect(await p).toBe(false);
  });
});
