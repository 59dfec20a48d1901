// Case 70: the delaying queue on a FakeClock — delays, dedup by earlier ready time, ordering.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../runtime/testing/index.js';
import { DelayingQueue } from '../../../runtime/workqueue/index.js';

describe('DelayingQueue (case 70)', () => {
  it('TestSimpleQueue: an item appears only after its delay', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('foo', 50);
    expect(q.len()).toBe(0);
    await clock.advance(49);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.tryGet()).toBe('foo');
    q.done('foo');
    expect(q.waitingLen()).toBe(0);
  });

  it('TestDeduping: the earlier ready time wins; a later one never extends it', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('foo', 50);
    q.addAfter('foo', 70);
    expect(q.waitingLen()).toBe(1);
    await clock.advance(60);
    expect(q.len()).toBe(1);
    q.tryGet();
    q.done('foo');
    await clock.advance(20);
    expect(q.len()).toBe(0); // the 70 ms add collapsed into the 50 ms one

    q.addAfter('foo', 70);
    q.addAfter('foo', 50);
    await clock.advance(50);
    expect(q.len()).toBe(1);
    q.tryGet();
    q.done('foo');
    await clock.advance(30);
    expect(q.len()).toBe(0);
  });

  it('TestAddTwoFireEarly: the earlier of two items fires first', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('foo', 1000);
    q.addAfter('bar', 50);
    await clock.advance(60);
    expect(q.tryGet()).toBe('bar');
    q.done('bar');
    q.addAfter('foo', 50); // earlier than its pending 1000 ms
    await clock.advance(50);
    expect(q.tryGet()).toBe('foo');
  });

  it('TestCopyShifting: items come out in ready-time order regardless of insertion order', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('foo', 3000);
    q.addAfter('bar', 2000);
    q.addAfter('baz', 1000);
    await clock.advance(3000);
    expect([q.tryGet(), q.tryGet(), q.tryGet()]).toEqual(['baz', 'bar', 'foo']);
  });

  it('orders many random delays correctly (heap property)', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<number>({ clock });
    const delays = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 1000) + 1);
    for (const [i, d] of delays.entries()) {
      q.addAfter(i, d);
    }
    const out: number[] = [];
    for (let t = 0; t < 1000; t++) {
      await clock.advance(1);
      for (let v = q.tryGet(); v !== undefined; v = q.tryGet()) {
        out.push(v);
      }
    }
    const expected = delays
      .map((d, i) => ({ d, i }))
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .map((x) => x.i);
    expect(out).toEqual(expected);
  });

  it('addAfter with a non-positive delay adds at once; after shutdown it is ignored and timers are cleared', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('now', 0);
    expect(q.len()).toBe(1);
    q.addAfter('later', 100);
    expect(clock.pendingTimers()).toBe(1);
    q.shutDown();
    expect(clock.pendingTimers()).toBe(0);
    q.addAfter('x', 10);
    await clock.advance(200);
    expect(q.len()).toBe(1);
  });
});
