// Property test: under any sequence of add/get/done, no item is held twice and no add is lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../../runtime/workqueue/index.js';

type Op = { kind: 'add'; key: number } | { kind: 'get' } | { kind: 'done'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('get' as const) }),
  fc.record({ kind: fc.constant('done' as const), pick: fc.nat() }),
);

describe('WorkQueue invariants', () => {
  it('never hands out a held item, never queues a key twice, and delivers every add', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new WorkQueue<number>();
        const held: number[] = [];
        // A key added and not handed out since then must still come out.
        const owed = new Set<number>();
        const take = (): number | undefined => {
          const v = q.tryGet();
          if (v !== undefined) {
            expect(held).not.toContain(v);
            held.push(v);
            owed.delete(v);
          }
          return v;
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            q.add(o.key);
            owed.add(o.key);
          } else if (o.kind === 'get') {
            take();
          } else if (held.length > 0) {
            const [v] = held.splice(o.pick % held.length, 1);
            q.done(v as number);
          }
          expect(q.len()).toBeLessThanOrEqual(6);
        }
        // Drain: finish everything held, then keep taking until the queue stays empty.
        for (;;) {
          for (const v of held.splice(0)) {
            q.done(v);
          }
          if (take() === undefined && held.length === 0) {
            break;
          }
        }
        expect([...owed]).toEqual([]);
        expect(q.len()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
