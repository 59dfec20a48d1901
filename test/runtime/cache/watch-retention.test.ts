// Proves that objects a copying transform replaced become garbage while the watch that delivered them stays open.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../../runtime/api/meta.js';
import { type InformerQueueKind, SharedIndexInformer, waitForCacheSync } from '../../../runtime/cache/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';
import { waitFor } from '../../support/wait-for.js';

captureLogs();

// A full collection, even when vitest's worker was started without --expose-gc.
function gcFunction(): () => void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own !== undefined) {
    return own;
  }
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

// WeakRef targets stay alive until the current job ends: collect only after a few macrotask turns.
async function collect(): Promise<void> {
  const gc = gcFunction();
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    gc();
  }
}

const events = 200;

/** Builds the setup; `originals` are the pre-transform objects, `copies` what the transform handed on. */
function setup(queue: InformerQueueKind) {
  const source = new FakeControllerSource<Pod>();
  const originals: WeakRef<Pod>[] = [];
  const copies: WeakRef<Pod>[] = [];
  const informer = new SharedIndexInformer<Pod>({
    listerWatcher: source,
    clock: new FakeClock(),
    random: () => 0,
    queue,
    // Returns a copy, as `{...obj, metadata: rest}` strips do: the original must then be collectable.
    transform: (obj) => {
      originals.push(new WeakRef(obj));
      const { managedFields: _dropped, ...metadata } = obj.metadata as ObjectMeta;
      const copy: Pod = { ...obj, metadata };
      copies.push(new WeakRef(copy));
      return copy;
    },
  });
  return { source, informer, originals, copies };
}

const alive = (refs: readonly WeakRef<object>[]): number => refs.filter((r) => r.deref() !== undefined).length;

describe('watch path retention', () => {
  for (const queue of ['RealFIFO', 'DeltaFIFO'] as const) {
    it(`${queue}: pre-transform objects of watch events are collectable while the watch stays open`, async () => {
      const { source, informer, originals, copies } = setup(queue);
      let seen = 0;
      const count = (): void => {
        seen++;
      };
      informer.addEventHandler({ onAdd: count, onUpdate: count });
      const ac = new AbortController();
      const running = informer.run(ac.signal);
      try {
        expect(await waitForCacheSync(ac.signal, informer)).toBe(true);
        await waitFor(() => source.openWatches === 1, 'the watch');
        for (let i = 0; i < events; i++) {
          source.add(makePod(`pod-${i}`, undefined, { namespace: 'ns', managedFields: [{ manager: 'm'.repeat(64) }] }));
        }
        await waitFor(() => seen === events, 'every event handled');
        await collect();
        expect(source.openWatches).toBe(1);
        expect(originals).toHaveLength(events);
        // The cache holds the copies, so the collection did run and did keep what is reachable.
        expect(alive(copies)).toBe(events);
        // The consumer's frame may still reference the event it just handled; nothing older may survive.
        expect(alive(originals)).toBeLessThanOrEqual(1);
      } finally {
        ac.abort();
        await running;
        source.shutdown();
      }
    });
  }
});
