// compactManagedFields: empty fieldsV1 leaves share one frozen object; informers apply it after the user transform.
import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../../runtime/api/meta.js';
import {
  compactManagedFields,
  EMPTY_FIELD_SET,
  SharedIndexInformer,
  waitForCacheSync,
} from '../../../runtime/cache/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';

captureLogs();

function managedPod(name: string): Pod {
  const fieldsV1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
  };
  const meta: Partial<ObjectMeta> = {
    namespace: 'ns',
    labels: { app: 'a' },
    managedFields: [
      { manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1 },
      {
        manager: 'kubelet',
        operation: 'Update',
        subresource: 'status',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': {} },
      },
    ],
  };
  return { ...makePod(name, undefined, meta), spec: {} };
}

// Every empty object reachable from `x`, in a stable order.
function emptyLeaves(x: unknown, out: object[] = []): object[] {
  if (typeof x === 'object' && x !== null) {
    const keys = Object.keys(x);
    if (keys.length === 0) {
      out.push(x);
    }
    for (const k of keys) {
      emptyLeaves((x as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

const fieldsOf = (p: Pod) => p.metadata.managedFields?.map((e) => e.fieldsV1);

describe('compactManagedFields', () => {
  it('points every empty fieldsV1 leaf at EMPTY_FIELD_SET and keeps the object deeply equal', () => {
    const pod = managedPod('a');
    const before = structuredClone(pod);
    expect(emptyLeaves(fieldsOf(pod))).toHaveLength(6);
    expect(emptyLeaves(fieldsOf(pod)).every((o) => o === EMPTY_FIELD_SET)).toBe(false);
    expect(compactManagedFields(pod)).toBe(pod);
    expect(pod).toEqual(before);
    const leaves = emptyLeaves(fieldsOf(pod));
    expect(leaves).toHaveLength(6);
    expect(leaves.every((o) => o === EMPTY_FIELD_SET)).toBe(true);
    // Empty objects outside managedFields are the caller's: they keep their identity.
    expect(pod.spec).not.toBe(EMPTY_FIELD_SET);
  });

  it('is idempotent, and the shared leaf cannot be written through', () => {
    const pod = compactManagedFields(managedPod('a'));
    const snapshot = structuredClone(pod);
    compactManagedFields(pod);
    expect(pod).toEqual(snapshot);
    expect(Object.isFrozen(EMPTY_FIELD_SET)).toBe(true);
    const status = pod.metadata.managedFields?.[1]?.fieldsV1 ?? {};
    const leaf = status['f:status'] as Record<string, unknown>;
    expect(leaf).toBe(EMPTY_FIELD_SET);
    expect(() => {
      leaf.x = 1;
    }).toThrow(TypeError);
    expect(Object.keys(EMPTY_FIELD_SET)).toEqual([]);
  });

  it('leaves objects without managedFields, odd fieldsV1 values and frozen tries alone', () => {
    const plain = makePod('plain');
    expect(compactManagedFields(plain)).toEqual(makePod('plain'));
    expect(compactManagedFields(null)).toBeNull();
    const odd = makePod('odd', undefined, {
      managedFields: [{ fieldsV1: ['x'] as unknown as Record<string, unknown> }, {}, null as never],
    });
    expect(() => compactManagedFields(odd)).not.toThrow();
    const frozen = managedPod('frozen');
    const deepFreeze = (x: unknown): void => {
      if (typeof x === 'object' && x !== null) {
        Object.freeze(x);
        for (const v of Object.values(x)) {
          deepFreeze(v);
        }
      }
    };
    deepFreeze(frozen);
    expect(() => compactManagedFields(frozen)).not.toThrow();
    expect(emptyLeaves(fieldsOf(frozen)).some((o) => o === EMPTY_FIELD_SET)).toBe(false);
  });
});

describe('SharedIndexInformer managedFields compaction', () => {
  async function cached(options: { compactManagedFields?: boolean; transform?: (p: Pod) => Pod }): Promise<Pod> {
    const source = new FakeControllerSource<Pod>();
    source.add(managedPod('listed'));
    const informer = new SharedIndexInformer<Pod>({
      listerWatcher: source,
      clock: new FakeClock(),
      // A streaming list runs the transform twice (client-go does too); one list keeps the count exact.
      useWatchList: false,
      ...options,
    });
    const ac = new AbortController();
    const running = informer.run(ac.signal);
    try {
      expect(await waitForCacheSync(ac.signal, informer)).toBe(true);
      return informer.getIndexer().getByKey('ns/listed') as Pod;
    } finally {
      ac.abort();
      await running;
      source.shutdown();
    }
  }

  it('compacts by default, after the user transform, and not when turned off', async () => {
    const byDefault = await cached({});
    expect(byDefault.metadata.managedFields).toEqual(managedPod('listed').metadata.managedFields);
    expect(emptyLeaves(fieldsOf(byDefault)).every((o) => o === EMPTY_FIELD_SET)).toBe(true);

    // The user transform sees parsed objects and its output is what gets compacted.
    const seen: boolean[] = [];
    const withTransform = await cached({
      transform: (p) => {
        seen.push(emptyLeaves(fieldsOf(p)).some((o) => o === EMPTY_FIELD_SET));
        return { ...p, metadata: { ...p.metadata, labels: { app: 'b' } } };
      },
    });
    expect(seen).toEqual([false]);
    expect(withTransform.metadata.labels).toEqual({ app: 'b' });
    expect(emptyLeaves(fieldsOf(withTransform)).every((o) => o === EMPTY_FIELD_SET)).toBe(true);

    const off = await cached({ compactManagedFields: false });
    expect(emptyLeaves(fieldsOf(off)).some((o) => o === EMPTY_FIELD_SET)).toBe(false);
    expect(off.metadata.managedFields).toEqual(managedPod('listed').metadata.managedFields);
  });
});
