// Event handler delivery: panics, shutdown, filtering and bounded buffers (acceptance cases 66, 67 and extensions).
import { describe, expect, it } from 'vitest';
import {
  filteringResourceEventHandler,
  type ResourceEventHandler,
  SharedIndexInformer,
  shutDownEventHandler,
} from '../../../runtime/cache/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';
import { waitFor } from '../../support/wait-for.js';

const logs = captureLogs();

function setup() {
  const source = new FakeControllerSource<Pod>();
  const clock = new FakeClock();
  const informer = new SharedIndexInformer<Pod>({ listerWatcher: source, clock, random: () => 0 });
  const ac = new AbortController();
  let running: Promise<void> | undefined;
  return {
    source,
    clock,
    informer,
    start: () => {
      running = informer.run(ac.signal);
    },
    stop: async () => {
      ac.abort();
      await running;
      source.shutdown();
    },
  };
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe('event handler delivery', () => {
  it('TestEventPanics: a throwing handler is logged and paused 1s before each next call; others are unaffected', async () => {
    const { source, clock, informer, start, stop } = setup();
    for (let i = 1; i <= 5; i++) {
      source.add(makePod(`pod${i}`));
    }
    let panics = 0;
    const healthy: string[] = [];
    informer.addEventHandler(
      {
        onAdd: () => {
          panics++;
          throw new Error('fake panic');
        },
      },
      { name: 'fake-event-handler-1' },
    );
    informer.addEventHandler({ onAdd: (p) => void healthy.push(p.metadata.name ?? '') });
    start();
    await informer.synced;
    await waitFor(() => healthy.length === 5 && panics === 1, 'first delivery');
    for (let i = 2; i <= 5; i++) {
      await clock.advance(999);
      expect(panics).toBe(i - 1);
      await clock.advance(1);
      await waitFor(() => panics === i, `panic ${i}`);
    }
    const logged = logs.filter((l) => l.msg === 'Observed a panic in an event handler');
    expect(logged).toHaveLength(5);
    expect(logged[0]?.fields).toMatchObject({ handler: 'fake-event-handler-1', event: 'add' });
    await stop();
  });

  it('TestRemoveEventHandler_SynchronousShutdown: shutDownEventHandler waits for the in-flight callback', async () => {
    const { source, informer, start, stop } = setup();
    const started = gate();
    const block = gate();
    let finished = false;
    const handle = informer.addEventHandler({
      onAdd: async () => {
        started.open();
        await block.promise;
        finished = true;
      },
    });
    start();
    source.add(makePod('pod1'));
    await started.promise;
    let shutDown = false;
    const p = shutDownEventHandler(informer, handle).then(() => {
      shutDown = true;
    });
    await waitFor(() => !informer.isRegistered(handle));
    expect(shutDown).toBe(false);
    block.open();
    await p;
    expect(finished).toBe(true);
    await stop();
  });

  it('TestRemoveEventHandler_AsynchronousPanic: removeEventHandler returns at once, pending notifications dropped', async () => {
    const { source, informer, start, stop } = setup();
    const block = gate();
    const seen: string[] = [];
    const handle = informer.addEventHandler({
      onAdd: async (p) => {
        seen.push(p.metadata.name ?? '');
        await block.promise;
      },
    });
    start();
    source.add(makePod('pod1'));
    source.add(makePod('pod2'));
    await waitFor(() => seen.length === 1);
    informer.removeEventHandler(handle);
    expect(handle.pending).toBe(0);
    block.open();
    await waitFor(() => informer.getStore().size === 2);
    expect(seen).toEqual(['pod1']);
    await stop();
  });

  describe('TestShutDownEventHandler_Lifecycles', () => {
    it('InformerNeverStarted', async () => {
      const { informer } = setup();
      const handle = informer.addEventHandler({ onAdd: () => {} });
      await shutDownEventHandler(informer, handle);
      expect(informer.handlerCount).toBe(0);
    });
    it('StartedThenAddedThenShutDown', async () => {
      const { informer, start, stop } = setup();
      start();
      await informer.synced;
      const handle = informer.addEventHandler({ onAdd: () => {} });
      await shutDownEventHandler(informer, handle);
      await stop();
    });
    it('AddedThenStartedThenShutDown', async () => {
      const { informer, start, stop } = setup();
      const handle = informer.addEventHandler({ onAdd: () => {} });
      start();
      await informer.synced;
      await shutDownEventHandler(informer, handle);
      await stop();
    });
  });

  it('stopping the informer waits for in-flight callbacks', async () => {
    const { source, informer, start, stop } = setup();
    const block = gate();
    let done = false;
    informer.addEventHandler({
      onAdd: async () => {
        await block.promise;
        done = true;
      },
    });
    start();
    source.add(makePod('pod1'));
    await waitFor(() => informer.getStore().size === 1);
    let stopped = false;
    const s = stop().then(() => {
      stopped = true;
    });
    await waitFor(() => informer.isStopped());
    expect(stopped).toBe(false);
    block.open();
    await s;
    expect(done).toBe(true);
  });

  it('a slow asynchronous handler delays only itself', async () => {
    const { source, informer, start, stop } = setup();
    const block = gate();
    const slow: string[] = [];
    const fast: string[] = [];
    const slowHandle = informer.addEventHandler({
      onAdd: async (p) => {
        await block.promise;
        slow.push(p.metadata.name ?? '');
      },
    });
    informer.addEventHandler({ onAdd: (p) => void fast.push(p.metadata.name ?? '') });
    start();
    for (let i = 0; i < 5; i++) {
      source.add(makePod(`p${i}`));
    }
    await waitFor(() => fast.length === 5, 'fast handler');
    expect(slow).toEqual([]);
    expect(slowHandle.pending).toBe(4);
    block.open();
    await waitFor(() => slow.length === 5, 'slow handler');
    expect(slow).toEqual(fast);
    await stop();
  });

  it('FilteringResourceEventHandler: updates into the filter are adds, out of it deletes', () => {
    const calls: string[] = [];
    const inner: ResourceEventHandler<Pod> = {
      onAdd: (o, init) => void calls.push(`add ${o.metadata.name} ${init}`),
      onUpdate: (_o, n) => void calls.push(`update ${n.metadata.name}`),
      onDelete: (o) => void calls.push(`delete ${'metadata' in o ? o.metadata.name : o.key}`),
    };
    const h = filteringResourceEventHandler<Pod>((o) => 'metadata' in o && o.metadata.labels?.keep === 'yes', inner);
    const keep = makePod('a', '1', { labels: { keep: 'yes' } });
    const drop = makePod('a', '2');
    h.onAdd?.(keep, true);
    h.onAdd?.(drop, false);
    h.onUpdate?.(keep, keep);
    h.onUpdate?.(drop, keep);
    h.onUpdate?.(keep, drop);
    h.onUpdate?.(drop, drop);
    h.onDelete?.(keep);
    h.onDelete?.(drop);
    expect(calls).toEqual(['add a true', 'update a', 'add a false', 'delete a', 'delete a']);
  });
});

describe('bounded handler buffers', () => {
  async function run(policy: 'block' | 'drop-oldest' | 'drop-newest') {
    const { source, informer, start, stop } = setup();
    const block = gate();
    const seen: string[] = [];
    const gaugeValues: number[] = [];
    const handle = informer.addEventHandler(
      {
        onAdd: async (p) => {
          seen.push(p.metadata.name ?? '');
          await block.promise;
        },
      },
      { bufferLimit: 2, overflow: policy, gauge: { set: (v) => void gaugeValues.push(v) } },
    );
    const other: string[] = [];
    informer.addEventHandler({ onAdd: (p) => void other.push(p.metadata.name ?? '') });
    start();
    await informer.synced;
    for (let i = 0; i < 6; i++) {
      source.add(makePod(`p${i}`));
    }
    return { informer, handle, block, seen, other, gaugeValues, stop };
  }

  it('block: the informer waits for room, so nothing is lost and the FIFO holds the rest', async () => {
    const t = await run('block');
    await waitFor(() => t.seen.length === 1 && t.handle.pending === 2, 'buffer full');
    expect(t.other.length).toBeLessThan(6);
    t.block.open();
    await waitFor(() => t.seen.length === 6 && t.other.length === 6, 'all delivered');
    expect(t.seen).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(t.handle.dropped).toBe(0);
    expect(Math.max(...t.gaugeValues)).toBe(2);
    await t.stop();
  });

  it('drop-oldest keeps the newest notifications and counts the dropped ones', async () => {
    const t = await run('drop-oldest');
    await waitFor(() => t.other.length === 6, 'informer done');
    t.block.open();
    await waitFor(() => t.handle.pending === 0);
    expect(t.seen).toEqual(['p0', 'p4', 'p5']);
    expect(t.handle.dropped).toBe(3);
    await t.stop();
  });

  it('drop-newest keeps the oldest notifications', async () => {
    const t = await run('drop-newest');
    await waitFor(() => t.other.length === 6, 'informer done');
    t.block.open();
    await waitFor(() => t.handle.pending === 0);
    expect(t.seen).toEqual(['p0', 'p1', 'p2']);
    expect(t.handle.dropped).toBe(3);
    await t.stop();
  });
});
