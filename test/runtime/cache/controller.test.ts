// Delta processing into an indexer with notifications, from client-go's controller_test.go (cases 52, 53).
import { describe, expect, it } from 'vitest';
import { type DeletedFinalStateUnknown, isDeletedFinalStateUnknown } from '../../../runtime/api/meta.js';
import {
  deletionHandlingMetaNamespaceKeyFunc,
  type Indexer,
  newIndexer,
  processLoop,
  RealFIFO,
  Reflector,
} from '../../../runtime/cache/index.js';
import { type DeltaSink, processDeltas, processDeltasInBatch } from '../../../runtime/cache/process-deltas.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';
import { waitFor } from '../../support/wait-for.js';

captureLogs();

interface EventRecord {
  action: 'add' | 'update' | 'delete';
  key: string;
  eventRV: string;
  storeRV: string;
  isInInitialList: boolean;
}

/** client-go's eventRecorder: records each notification with the RV of the event and of the store at that moment. */
class EventRecorder implements DeltaSink<Pod> {
  history: EventRecord[] = [];
  constructor(private readonly store: Indexer<Pod>) {}
  private record(action: EventRecord['action'], obj: Pod | DeletedFinalStateUnknown<Pod>, isInInitialList: boolean) {
    const key = deletionHandlingMetaNamespaceKeyFunc(obj);
    const o = isDeletedFinalStateUnknown<Pod>(obj) ? obj.obj : obj;
    this.history.push({
      action,
      key,
      eventRV: o?.metadata?.resourceVersion ?? '',
      storeRV: this.store.getByKey(key)?.metadata.resourceVersion ?? '',
      isInInitialList,
    });
    return undefined;
  }
  onAdd(obj: Pod, isInInitialList: boolean) {
    return this.record('add', obj, isInInitialList);
  }
  onUpdate(_old: Pod, obj: Pod) {
    return this.record('update', obj, false);
  }
  onDelete(obj: Pod | DeletedFinalStateUnknown<Pod>) {
    return this.record('delete', obj, false);
  }
}

function startController(atomic: boolean, source?: FakeControllerSource<Pod>) {
  const store = newIndexer<Pod>();
  const fifo = atomic ? new RealFIFO<Pod>({ atomicEvents: true }) : new RealFIFO<Pod>({ knownObjects: store });
  const recorder = new EventRecorder(store);
  const ac = new AbortController();
  const key = deletionHandlingMetaNamespaceKeyFunc;
  const loop = processLoop<Pod>(
    fifo,
    (d, init) => processDeltas(recorder, store, d, init, key),
    (d, init) => processDeltasInBatch(recorder, store, d, init, key),
    ac.signal,
  );
  const reflecting =
    source === undefined
      ? Promise.resolve()
      : new Reflector<Pod>({ listerWatcher: source, store: fifo, delayFunc: () => 0 }).run(ac.signal);
  ac.signal.addEventListener('abort', () => fifo.close());
  const stop = async () => {
    ac.abort();
    await Promise.all([loop, reflecting]);
  };
  return { store, fifo, recorder, stop };
}

/** Sorts each run of consecutive delete records by key and leaves every record in its run's place. */
function sortDeleteRunsByKey(history: readonly EventRecord[]): EventRecord[] {
  const out: EventRecord[] = [];
  for (let i = 0; i < history.length; ) {
    let j = i;
    while (j < history.length && history[j]?.action === 'delete') {
      j++;
    }
    if (j === i) {
      out.push(history[i] as EventRecord);
      i++;
      continue;
    }
    out.push(...history.slice(i, j).sort((a, b) => a.key.localeCompare(b.key)));
    i = j;
  }
  return out;
}

const pod = (name: string, rv: string, labels?: Record<string, string>): Pod =>
  makePod(name, rv, { namespace: 'default', ...(labels === undefined ? {} : { labels }) });

describe('controller delta processing', () => {
  for (const atomic of [false, true]) {
    it(`TestReplaceEvents (atomic: ${atomic}): deletes, then updates, then adds; the store ends equal to the list`, async () => {
      const { store, fifo, recorder, stop } = startController(atomic);
      const cases: {
        name: string;
        initial: Pod[];
        replaced: Pod[];
        rv: string;
        expected: Omit<EventRecord, 'isInInitialList'>[];
      }[] = [
        {
          name: 'Create with no initial objects',
          initial: [],
          replaced: [pod('pod-1', '1')],
          rv: '1',
          expected: [{ action: 'add', key: 'default/pod-1', eventRV: '1', storeRV: '1' }],
        },
        {
          name: 'Delete all objects',
          initial: [pod('pod-1', '1'), pod('pod-3', '2')],
          replaced: [],
          rv: '2',
          expected: [
            { action: 'delete', key: 'default/pod-1', eventRV: '1', storeRV: '' },
            { action: 'delete', key: 'default/pod-3', eventRV: '2', storeRV: '' },
          ],
        },
        {
          name: 'Create, update, delete',
          initial: [pod('pod-1', '1'), pod('pod-2', '2', { ver: '1' }), pod('pod-3', '3')],
          replaced: [pod('pod-1', '4'), pod('pod-2', '5', { ver: '2' }), pod('pod-4', '6')],
          rv: '6',
          expected: [
            { action: 'delete', key: 'default/pod-3', eventRV: '3', storeRV: '' },
            { action: 'update', key: 'default/pod-1', eventRV: '4', storeRV: '4' },
            { action: 'update', key: 'default/pod-2', eventRV: '5', storeRV: '5' },
            { action: 'add', key: 'default/pod-4', eventRV: '6', storeRV: '6' },
          ],
        },
      ];
      for (const c of cases) {
        recorder.history = [];
        for (const o of c.initial) {
          fifo.add(o);
        }
        await waitFor(() => recorder.history.length >= c.initial.length, `${c.name}: setup events`);
        recorder.history = [];
        fifo.replace(c.replaced, c.rv);
        await waitFor(() => recorder.history.length >= c.expected.length, `${c.name}: replace events`);
        const byKey = (a: Pod, b: Pod) =>
          deletionHandlingMetaNamespaceKeyFunc(a).localeCompare(deletionHandlingMetaNamespaceKeyFunc(b));
        expect(store.list().sort(byKey), c.name).toEqual([...c.replaced].sort(byKey));
        // The history as recorded: only the order among adjacent synthetic deletes is free (client-go's
        // sortDeleteEventsByKey), so deletes before updates before adds is checked.
        expect(
          sortDeleteRunsByKey(recorder.history).map(({ isInInitialList: _i, ...r }) => r),
          c.name,
        ).toEqual(c.expected);
      }
      await stop();
    });

    it(`TestResetWatch (atomic: ${atomic}): a relist yields an update for the changed object and an add for the new one`, async () => {
      const source = new FakeControllerSource<Pod>();
      source.add(makePod('pod-1', undefined, { namespace: 'default' }));
      const { recorder, stop } = startController(atomic, source);
      await waitFor(() => recorder.history.length >= 1, 'initial add');
      expect(recorder.history).toEqual([
        { action: 'add', key: 'default/pod-1', eventRV: '1', storeRV: '1', isInInitialList: true },
      ]);
      recorder.history = [];
      source.modifyDropWatch(makePod('pod-1', undefined, { namespace: 'default', labels: { x: 'y' } }));
      source.addDropWatch(makePod('pod-2', undefined, { namespace: 'default' }));
      source.resetWatch();
      await waitFor(() => recorder.history.length >= 2, 'relist events');
      const byAction = Object.fromEntries(recorder.history.map((h) => [h.action, h]));
      expect(byAction.update).toMatchObject({ key: 'default/pod-1', isInInitialList: false });
      expect(byAction.add).toMatchObject({ key: 'default/pod-2', isInInitialList: false });
      await stop();
      source.shutdown();
    });
  }
});
