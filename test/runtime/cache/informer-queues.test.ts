// The informer's queue kinds (atomic RealFIFO, RealFIFO, DeltaFIFO) deliver the same changes, tombstones included.
import { describe, expect, it } from 'vitest';
import { type DeletedFinalStateUnknown, isDeletedFinalStateUnknown } from '../../../runtime/api/meta.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from '../../../runtime/cache/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';
import { waitFor } from '../../support/wait-for.js';

captureLogs();

const kinds: Record<string, Partial<SharedIndexInformerOptions<Pod>>> = {
  'RealFIFO atomic (default)': {},
  RealFIFO: { atomicFifo: false },
  'RealFIFO without batches': { batchProcessing: false },
  DeltaFIFO: { queue: 'DeltaFIFO' },
  'LIST instead of streaming lists': { useWatchList: false },
};

describe('informer queue kinds', () => {
  for (const [name, extra] of Object.entries(kinds)) {
    it(`${name}: adds, updates, deletes, and tombstones for deletions missed while the watch was down`, async () => {
      const source = new FakeControllerSource<Pod>();
      const clock = new FakeClock();
      const informer = new SharedIndexInformer<Pod>({ listerWatcher: source, clock, random: () => 0, ...extra });
      const log: string[] = [];
      const tombstones: DeletedFinalStateUnknown<Pod>[] = [];
      informer.addEventHandler({
        onAdd: (p, initial) => void log.push(`add ${p.metadata.name}${initial ? ' (initial)' : ''}`),
        onUpdate: (o, n) =>
          void log.push(`update ${n.metadata.name} ${o.metadata.resourceVersion}->${n.metadata.resourceVersion}`),
        onDelete: (p) => {
          if (isDeletedFinalStateUnknown(p)) {
            tombstones.push(p as DeletedFinalStateUnknown<Pod>);
            log.push(`tombstone ${p.key}`);
          } else {
            log.push(`delete ${p.metadata.name}`);
          }
        },
      });
      source.add(makePod('a', undefined, { namespace: 'ns' }));
      source.add(makePod('b', undefined, { namespace: 'ns' }));
      const ac = new AbortController();
      const running = informer.run(ac.signal);
      await informer.synced;
      await waitFor(() => log.length === 2);
      source.modify(makePod('a', undefined, { namespace: 'ns', labels: { v: '2' } }));
      source.add(makePod('c', undefined, { namespace: 'ns' }));
      source.delete(makePod('c', undefined, { namespace: 'ns' }));
      await waitFor(() => log.length === 5, 'live events');
      source.deleteDropWatch(makePod('b', undefined, { namespace: 'ns' }));
      source.addDropWatch(makePod('d', undefined, { namespace: 'ns' }));
      source.resetWatch();
      await waitFor(() => clock.pendingTimers() > 0, 'backoff');
      await clock.advance(800);
      await waitFor(() => log.length === 8, `relist events: ${log.join('; ')}`);
      expect(log.slice(0, 5)).toEqual(['add a (initial)', 'add b (initial)', 'update a 1->3', 'add c', 'delete c']);
      // The unchanged object comes back as a resync-style update (same RV): with no resync period every handler gets it.
      expect(log.slice(5).sort()).toEqual(['add d', 'tombstone ns/b', 'update a 3->3']);
      expect(tombstones[0]?.obj?.metadata.name).toBe('b');
      expect(informer.getStore().listKeys().sort()).toEqual(['ns/a', 'ns/d']);
      expect(informer.health().relists).toBe(1);
      ac.abort();
      await running;
      source.shutdown();
    });
  }
});
