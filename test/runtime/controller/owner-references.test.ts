// Owner-reference helpers and the enqueue-owner handler, including tombstones.
import { describe, expect, it } from 'vitest';
import type { DeletedFinalStateUnknown, KubernetesObject } from '../../../runtime/api/meta.js';
import {
  enqueueOwner,
  getControllerOf,
  isControlledBy,
  newControllerRef,
  OwnerReferenceError,
} from '../../../runtime/controller/index.js';

const owner: KubernetesObject = {
  apiVersion: 'samplecontroller.k8s.io/v1alpha1',
  kind: 'Foo',
  metadata: { name: 'foo', namespace: 'ns', uid: 'u-1' },
};
const gvk = { group: 'samplecontroller.k8s.io', version: 'v1alpha1', kind: 'Foo' };

function dependent(rv: string, ref = newControllerRef(owner, gvk)): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'dep',
      namespace: 'ns',
      resourceVersion: rv,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Other', name: 'x', uid: 'u-9' }, ref],
    },
  };
}

describe('owner references', () => {
  it('newControllerRef builds a controlling, blocking reference', () => {
    expect(newControllerRef(owner, gvk)).toEqual({
      apiVersion: 'samplecontroller.k8s.io/v1alpha1',
      kind: 'Foo',
      name: 'foo',
      uid: 'u-1',
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(
      newControllerRef({ ...owner, metadata: { name: 'p', uid: 'u' } }, { group: '', version: 'v1', kind: 'Pod' })
        .apiVersion,
    ).toBe('v1');
    expect(() => newControllerRef({ metadata: { name: 'n' } }, gvk)).toThrow(OwnerReferenceError);
  });

  it('getControllerOf returns only the controller reference', () => {
    const d = dependent('1');
    expect(getControllerOf(d)?.name).toBe('foo');
    expect(
      getControllerOf({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'A', name: 'a', uid: 'x' }] } }),
    ).toBeUndefined();
    expect(getControllerOf({})).toBeUndefined();
    expect(isControlledBy(d, owner)).toBe(true);
    expect(isControlledBy(d, { metadata: { uid: 'other' } })).toBe(false);
  });
});

describe('enqueueOwner', () => {
  it('enqueues the owner key on add, update and delete, unwrapping tombstones', () => {
    const keys: string[] = [];
    const h = enqueueOwner<KubernetesObject>({
      ownerGroup: 'samplecontroller.k8s.io',
      ownerKind: 'Foo',
      enqueue: (k) => keys.push(k),
    });
    h.onAdd?.(dependent('1'), false);
    h.onUpdate?.(dependent('1'), dependent('2'));
    h.onUpdate?.(dependent('2'), dependent('2')); // resync: ignored
    h.onDelete?.(dependent('3'));
    const tombstone: DeletedFinalStateUnknown<KubernetesObject> = {
      kind: 'DeletedFinalStateUnknown',
      key: 'ns/dep',
      obj: dependent('4'),
    };
    h.onDelete?.(tombstone);
    h.onDelete?.({ kind: 'DeletedFinalStateUnknown', key: 'ns/gone', obj: undefined });
    expect(keys).toEqual(['ns/foo', 'ns/foo', 'ns/foo', 'ns/foo']);
  });

  it('ignores other owner kinds or groups and owners that no longer exist', () => {
    const keys: string[] = [];
    const other = enqueueOwner<KubernetesObject>({
      ownerGroup: 'apps',
      ownerKind: 'Foo',
      enqueue: (k) => keys.push(k),
    });
    other.onAdd?.(dependent('1'), false);
    const gone = enqueueOwner<KubernetesObject>({
      ownerGroup: 'samplecontroller.k8s.io',
      ownerKind: 'Foo',
      enqueue: (k) => keys.push(k),
      ownerExists: () => false,
    });
    gone.onAdd?.(dependent('1'), false);
    expect(keys).toEqual([]);
  });
});
