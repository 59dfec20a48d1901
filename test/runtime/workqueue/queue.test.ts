// Case 68 and 69: dirty/processing semantics of the typed queue, and shutdown with and without drain.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../runtime/testing/index.js';
import { WorkQueue } from '../../../runtime/workqueue/index.js';
import { waitFor } from '../../support/wait-for.js';

async function getItem<T>(q: WorkQueue<T>): Promise<T> {
  const r = await q.get();
  if (r.shutdown) {
    throw new Error('unexpected shutdown');
  }
  return r.item;
}

describe('WorkQueue (case 68)', () => {
  it('TestBasic: producers and consumers see each item, and get reports shutdown once drained', async () => {
    const q = new WorkQueue<number>({ clock: new FakeClock() });
    const seen: number[] = [];
    const consumers = Array.from({ length: 10 }, async () => {
      for (;;) {
        const r = await q.get();
        if (r.shutdown) {
          return;
        }
        seen.push(r.item);
        await Promise.resolve();
        q.done(r.item);
      }
    });
    for (let producer = 0; producer < 50; producer++) {
      for (let i = 0; i < 50; i++) {
        q.add(i);
        await Promise.resolve();
      }
    }
    await waitFor(() => q.len() === 0 && q.processingCount() === 0, 'queue empty');
    q.shutDown();
    await Promise.all(consumers);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => i)));
    const after = await q.get();
    expect(after.shutdown).toBe(true);
  });

  it('TestAddWhileProcessing: an item added while processing is re-queued only after done', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const a = await getItem(q);
    expect(q.len()).toBe(0);
    q.add('a');
    expect(q.len()).toBe(0); // not pushed while processing
    expect(q.tryGet()).toBeUndefined();
    q.done(a);
    expect(q.len()).toBe(1);
    expect(await getItem(q)).toBe('a');
  });

  it('TestLen and collapse: duplicates collapse while queued', () => {
    const q = new WorkQueue<string>();
    q.add('foo');
    expect(q.len()).toBe(1);
    q.add('bar');
    expect(q.len()).toBe(2);
    q.add('foo');
    expect(q.len()).toBe(2);
  });

  it('TestReinsert: done on a dirty item puts it back', async () => {
    const q = new WorkQueue<string>();
    q.add('foo');
    const i = await getItem(q);
    q.add(i);
    q.done(i);
    expect(await getItem(q)).toBe('foo');
    q.done('foo');
    expect(q.len()).toBe(0);
  });

  it('CollapseWhileProcessing: several adds while processing yield one re-delivery', async () => {
    const q = new WorkQueue<string>();
    q.add('x');
    const x = await getItem(q);
    q.add('x');
    q.add('x');
    q.add('x');
    q.done(x);
    expect(q.len()).toBe(1);
    expect(q.tryGet()).toBe('x');
    expect(q.tryGet()).toBeUndefined();
  });

  it('compares objects through keyOf and delivers the newest value for a key', async () => {
    const q = new WorkQueue<{ ns: string; name: string; v: number }>({ keyOf: (o) => `${o.ns}/${o.name}` });
    q.add({ ns: 'a', name: 'b', v: 1 });
    q.add({ ns: 'a', name: 'b', v: 2 });
    q.add({ ns: 'a', name: 'c', v: 1 });
    expect(q.len()).toBe(2);
    expect((await getItem(q)).v).toBe(2);
  });

  it('FIFO order is kept across many adds and gets (compaction path)', () => {
    const q = new WorkQueue<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      q.add(i);
      if (i % 3 === 0) {
        const v = q.tryGet() as number;
        out.push(v);
        q.done(v);
      }
    }
    for (let v = q.tryGet(); v !== undefined; v = q.tryGet()) {
      out.push(v);
      q.done(v);
    }
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('a waiting get is resolved by a later add, and rejects when its signal aborts', async () => {
    const q = new WorkQueue<string>();
    const pending = q.get();
    q.add('late');
    expect(await pending).toEqual({ item: 'late', shutdown: false });
    const ac = new AbortController();
    const p2 = q.get(ac.signal);
    ac.abort();
    await expect(p2).rejects.toThrow();
    q.add('next');
    expect(q.len()).toBe(1); // the aborted getter did not swallow it
  });

  it('ignores adds after shutdown', () => {
    const q = new WorkQueue<string>();
    q.shutDown();
    q.add('a');
    expect(q.len()).toBe(0);
  });
});

describe('WorkQueue shutdown (case 69)', () => {
  it('TestQueueDrainageUsingShutDownWithDrain: waits for every processed item to be done', async () => {
    const q = new WorkQueue<string>();
    q.add('foo');
    q.add('bar');
    const first = await getItem(q);
    const second = await getItem(q);
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => {
      drained = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    q.done(first);
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    q.done(second);
    await drain;
    expect(drained).toBe(true);
  });

  it('TestNoQueueDrainageUsingShutDown: shutDown returns at once', async () => {
    const q = new WorkQueue<string>();
    q.add('foo');
    await getItem(q);
    q.shutDown();
    expect(q.isShuttingDown()).toBe(true);
  });

  it('TestForceQueueShutdownUsingShutDown: a later shutDown ends the drain', async () => {
    const q = new WorkQueue<string>();
    q.add('foo');
    await getItem(q);
    const drain = q.shutDownWithDrain();
    q.shutDown();
    await drain;
    expect(q.processingCount()).toBe(1);
  });

  it('a dirty item is re-delivered after shutdown, then get reports shutdown', async () => {
    const q = new WorkQueue<string>();
    q.add('foo');
    q.add('bar');
    const foo = await getItem(q);
    q.add('foo');
    q.shutDown();
    expect(await getItem(q)).toBe('bar');
    q.done('bar');
    q.done(foo);
    expect(await getItem(q)).toBe('foo');
    q.done('foo');
    expect((await q.get()).shutdown).toBe(true);
  });

  it('a blocked get is released by shutdown', async () => {
    const q = new WorkQueue<string>();
    const pending = q.get();
    q.shutDown();
    expect((await pending).shutdown).toBe(true);
  });
});
