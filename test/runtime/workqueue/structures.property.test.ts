// Property tests of the workqueue's own data structures against plain reference models: the FIFO ring buffer, the
// delay heap (with superseded nodes and compaction), and the per-key entries a queue keeps for reuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelayHeap } from '../../../runtime/workqueue/delay-heap.js';
import { WorkQueue } from '../../../runtime/workqueue/index.js';
import { RingBuffer } from '../../../runtime/workqueue/ring-buffer.js';

describe('RingBuffer', () => {
  it('behaves as an array used as a FIFO, across wrap-around, growth and release', () => {
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 1, max: 3000 }) }), fc.record({ shift: fc.nat(3000) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const ring = new RingBuffer<number>();
        const model: number[] = [];
        let next = 0;
        for (const o of ops) {
          if ('push' in o) {
            for (let i = 0; i < o.push; i++) {
              ring.push(next);
              model.push(next++);
            }
          } else {
            const got: (number | undefined)[] = [];
            const want: (number | undefined)[] = [];
            for (let i = 0; i < o.shift; i++) {
              got.push(ring.shift());
              want.push(model.shift());
            }
            expect(got).toEqual(want);
          }
          expect(ring.length).toBe(model.length);
        }
        const rest: (number | undefined)[] = [];
        for (let v = ring.shift(); v !== undefined; v = ring.shift()) {
          rest.push(v);
        }
        expect(rest).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });
});

interface Payload {
  id: number;
  waitSeq: number;
  readyAt: number;
}

describe('DelayHeap', () => {
  it('pops live payloads by (ready time, insertion order), skipping superseded nodes', () => {
    // push: a payload gets a new ready time (a new node; any older node of it turns stale); pop: take what is ready.
    const op = fc.oneof(
      fc.record({ push: fc.nat(40), at: fc.nat(30) }),
      fc.record({ pop: fc.nat(30) }),
      fc.record({ burst: fc.integer({ min: 1, max: 3000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const heap = new DelayHeap<Payload>();
        const payloads = new Map<number, Payload>();
        // Model: the live (readyAt, seq) of every waiting payload.
        const live = new Map<number, { readyAt: number; seq: number }>();
        const push = (id: number, at: number): void => {
          let p = payloads.get(id);
          if (p === undefined) {
            p = { id, waitSeq: -1, readyAt: 0 };
            payloads.set(id, p);
          }
          const superseding = live.has(id);
          p.readyAt = at;
          p.waitSeq = heap.push(at, p);
          live.set(id, { readyAt: at, seq: p.waitSeq });
          if (superseding) {
            heap.superseded();
          }
        };
        const expectedOrder = (now: number): number[] =>
          [...live.entries()]
            .filter(([, v]) => v.readyAt <= now)
            .sort(([, a], [, b]) => a.readyAt - b.readyAt || a.seq - b.seq)
            .map(([id]) => id);
        let bursts = 1000;
        for (const o of ops) {
          if ('push' in o) {
            push(o.push, o.at);
          } else if ('burst' in o) {
            // Many re-pushes of few payloads: enough stale nodes to force a compaction.
            for (let i = 0; i < o.burst; i++) {
              push(bursts + (i % 7), (i * 37) % 30);
            }
            bursts += 7;
          } else {
            const want = expectedOrder(o.pop);
            const got: number[] = [];
            for (let p = heap.popReady(o.pop); p !== undefined; p = heap.popReady(o.pop)) {
              got.push(p.id);
              p.waitSeq = -1;
              live.delete(p.id);
            }
            expect(got).toEqual(want);
          }
          const soonest = Math.min(...[...live.values()].map((v) => v.readyAt));
          expect(heap.nextReadyAt()).toBe(live.size === 0 ? Number.POSITIVE_INFINITY : soonest);
          expect(heap.nodeCount).toBeGreaterThanOrEqual(live.size);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps its nodes bounded when one payload is pushed again and again', () => {
    const heap = new DelayHeap<Payload>();
    const p: Payload = { id: 1, waitSeq: -1, readyAt: 0 };
    p.waitSeq = heap.push(1_000_000, p);
    for (let i = 0; i < 100_000; i++) {
      // Lowering the ready time each time sends every node to the heap part.
      p.waitSeq = heap.push(999_999 - i, p);
      heap.superseded();
    }
    expect(heap.nodeCount).toBeLessThan(2100);
    expect(heap.popReady(Number.POSITIVE_INFINITY)).toBe(p);
    p.waitSeq = -1;
    expect(heap.popReady(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('WorkQueue per-key entries', () => {
  it('reuses the entry of a key seen again, and keeps at most 1024 idle entries', () => {
    const q = new WorkQueue<string>();
    for (let i = 0; i < 10_000; i++) {
      const key = `ns/pod-${i}`;
      q.add(key);
      expect(q.tryGet()).toBe(key);
      q.done(key);
      expect(q.idleEntries()).toBe(Math.min(i + 1, 1024));
    }
    // A key whose entry is idle behaves like a new one.
    const kept = `ns/pod-${9_999}`;
    const reused = 'ns/pod-7';
    q.add(reused);
    expect(q.idleEntries()).toBe(1023);
    expect(q.tryGet()).toBe(reused);
    q.done(reused);
    expect(q.idleEntries()).toBe(1024);
    q.add(kept);
    q.add(kept);
    expect(q.len()).toBe(1);
    expect(q.tryGet()).toBe(kept);
    q.add(kept);
    expect(q.len()).toBe(0);
    q.done(kept);
    expect(q.tryGet()).toBe(kept);
    q.done(kept);
    expect(q.len()).toBe(0);
  });

  it('keeps no reference to the value of an idle key', () => {
    interface Item {
      key: string;
      payload: number[];
    }
    const q = new WorkQueue<Item>({ keyOf: (i) => i.key });
    const item: Item = { key: 'a', payload: [1, 2, 3] };
    q.add(item);
    const got = q.tryGet() as Item;
    q.done(got);
    expect(q.idleEntries()).toBe(1);
    // The newest value wins again on reuse; nothing of the old one leaks into it.
    const next: Item = { key: 'a', payload: [4] };
    q.add(next);
    expect(q.idleEntries()).toBe(0);
    expect(q.tryGet()).toBe(next);
    q.done(next);
    expect(q.idleEntries()).toBe(1);
  });
});
