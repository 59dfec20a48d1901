// ObjectTracker writes: server-assigned metadata, optimistic concurrency, status subresource, finalizers, errors.
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import {
  ApiError,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isInvalid,
  isNotFound,
} from '../../../runtime/errors/index.js';
import { ObjectTracker } from '../../../runtime/fake/index.js';
import { configMaps, gadgets, newTracker, type Widget, widget, widgets } from './fixtures.js';

const W = widgets.gvr;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('ObjectTracker create', () => {
  it('assigns uid, creationTimestamp from the clock, generation 1 and increasing resourceVersions', async () => {
    const { tracker, clock } = newTracker();
    const a = tracker.create(W, 'default', widget('a'));
    await clock.advance(5000);
    const b = tracker.create(W, 'default', widget('b'));
    expect(a.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.metadata?.uid).not.toBe(a.metadata?.uid);
    expect(a.metadata?.creationTimestamp).toBe(new Date(1_700_000_000_000).toISOString().replace('.000Z', 'Z'));
    expect(Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? '')).toBe(
      5000,
    );
    expect(Number(b.metadata?.resourceVersion)).toBeGreaterThan(Number(a.metadata?.resourceVersion));
    expect(a.metadata?.generation).toBe(1);
    expect(a).toMatchObject({ apiVersion: 'demo.kgen.io/v1alpha1', kind: 'Widget' });
  });

  it('rejects a duplicate with AlreadyExists carrying a Kubernetes Status', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a'));
    const err = thrown(() => tracker.create(W, 'default', widget('a')));
    expect(isAlreadyExists(err)).toBe(true);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
      message: 'widgets.demo.kgen.io "a" already exists',
      details: { name: 'a', group: 'demo.kgen.io', kind: 'widgets' },
    });
    // the same name in another namespace is a different object
    expect(tracker.create(W, 'other', widget('a', 'other')).metadata?.namespace).toBe('other');
  });

  it('generates names from generateName and retries on collision', () => {
    // The second create draws the first suffix again, collides, and must draw a new one.
    let script: number[] = [];
    let fallback = 0.5;
    const tracker = new ObjectTracker({ resources: [widgets], random: () => script.shift() ?? fallback });
    const first = tracker.create(W, 'default', {
      ...widget(''),
      metadata: { generateName: 'w-', namespace: 'default' },
    });
    script = [0.5, 0.5, 0.5, 0.5, 0.5];
    fallback = 0;
    const second = tracker.create(W, 'default', {
      ...widget(''),
      metadata: { generateName: 'w-', namespace: 'default' },
    });
    expect(second.metadata?.name).toBe('w-bbbbb');
    expect(first.metadata?.name).toMatch(/^w-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(second.metadata?.name).toMatch(/^w-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(second.metadata?.name).not.toBe(first.metadata?.name);
  });

  it('gives up with AlreadyExists when every generated name collides', () => {
    const tracker = new ObjectTracker({ resources: [widgets], random: () => 0 });
    const gen = { ...widget(''), metadata: { generateName: 'w-', namespace: 'default' } };
    tracker.create(W, 'default', gen);
    expect(isAlreadyExists(thrown(() => tracker.create(W, 'default', gen)))).toBe(true);
  });

  it('is Invalid without name or generateName, BadRequest with a resourceVersion or a foreign namespace', () => {
    const { tracker } = newTracker();
    const noName = thrown(() => tracker.create(W, 'default', { ...widget(''), metadata: {} }));
    expect(isInvalid(noName)).toBe(true);
    expect((noName as ApiError).causes[0]).toMatchObject({ field: 'metadata.name', reason: 'FieldValueRequired' });
    const withRv = { ...widget('a'), metadata: { name: 'a', resourceVersion: '5' } };
    expect(isBadRequest(thrown(() => tracker.create(W, 'default', withRv)))).toBe(true);
    expect(isBadRequest(thrown(() => tracker.create(W, 'default', widget('a', 'elsewhere'))))).toBe(true);
  });

  it('drops status on create when the status subresource exists, keeps it otherwise', () => {
    const { tracker } = newTracker();
    const w = tracker.create(W, 'default', { ...widget('a'), status: { phase: 'Done' } } as Widget) as Widget;
    expect(w.status).toBeUndefined();
    const cm = tracker.create(configMaps.gvr, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      status: { x: 1 },
    } as KubernetesObjectWithStatus);
    expect((cm as KubernetesObjectWithStatus).status).toEqual({ x: 1 });
  });

  it('strips the namespace of cluster-scoped objects', () => {
    const { tracker } = newTracker();
    const g = tracker.create(gadgets.gvr, 'ignored', {
      apiVersion: 'demo.kgen.io/v1',
      kind: 'Gadget',
      metadata: { name: 'g', namespace: 'x' },
    });
    expect(g.metadata?.namespace).toBeUndefined();
    expect(tracker.get(gadgets.gvr, '', 'g').metadata?.name).toBe('g');
  });

  it('hands out copies: mutating a result does not change the store', () => {
    const { tracker } = newTracker();
    const a = tracker.create(W, 'default', widget('a', 'default', { color: 'red' })) as Widget;
    (a.spec as { color: string }).color = 'blue';
    expect((tracker.get(W, 'default', 'a') as Widget).spec?.color).toBe('red');
  });
});

/** Widens a Widget literal to the tracker's parameter type. */
const asObject = (w: Widget): KubernetesObject => w;

type KubernetesObjectWithStatus = { apiVersion: string; kind: string; metadata: { name: string }; status?: unknown };

describe('ObjectTracker update', () => {
  it('conflicts on a stale resourceVersion and succeeds with the current one', () => {
    const { tracker } = newTracker();
    const a = tracker.create(W, 'default', widget('a', 'default', { color: 'red' })) as Widget;
    const b = tracker.update(W, 'default', asObject({ ...a, spec: { color: 'blue' } })) as Widget;
    const err = thrown(() => tracker.update(W, 'default', asObject({ ...a, spec: { color: 'green' } })));
    expect(isConflict(err)).toBe(true);
    expect((err as ApiError).message).toContain('the object has been modified');
    expect(b.metadata?.generation).toBe(2);
    expect(b.metadata?.uid).toBe(a.metadata?.uid);
    expect(b.metadata?.creationTimestamp).toBe(a.metadata?.creationTimestamp);
  });

  it('is NotFound for a missing object, and Invalid without resourceVersion when unconditional updates are off', () => {
    const { tracker } = newTracker();
    expect(isNotFound(thrown(() => tracker.update(W, 'default', widget('missing'))))).toBe(true);
    const strict = new ObjectTracker({ resources: [{ ...widgets, allowUnconditionalUpdate: false }] });
    strict.create(W, 'default', widget('a'));
    expect(isInvalid(thrown(() => strict.update(W, 'default', widget('a', 'default', { color: 'x' }))))).toBe(true);
    // the default (ConfigMap-like) accepts an update without resourceVersion
    tracker.create(W, 'default', widget('a'));
    expect((tracker.update(W, 'default', widget('a', 'default', { color: 'x' })) as Widget).spec?.color).toBe('x');
  });

  it('never changes status through update; updateStatus changes only status', () => {
    const { tracker } = newTracker();
    const a = tracker.create(W, 'default', widget('a', 'default', { color: 'red' })) as Widget;
    const s = tracker.update(W, 'default', asObject({ ...a, spec: { color: 'ignored' }, status: { phase: 'Ready' } }), {
      subresource: 'status',
    }) as Widget;
    expect(s.status).toEqual({ phase: 'Ready' });
    expect(s.spec?.color).toBe('red');
    expect(s.metadata?.generation).toBe(1);
    const u = tracker.update(
      W,
      'default',
      asObject({ ...s, spec: { color: 'blue' }, status: { phase: 'Overwritten' } }),
    ) as Widget;
    expect(u.status).toEqual({ phase: 'Ready' });
    expect(u.spec?.color).toBe('blue');
    expect(u.metadata?.generation).toBe(2);
  });

  it('answers 404 for updateStatus on a resource without the status subresource', () => {
    const { tracker } = newTracker();
    tracker.create(configMaps.gvr, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const err = thrown(() =>
      tracker.update(
        configMaps.gvr,
        'default',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
        {
          subresource: 'status',
        },
      ),
    );
    expect(isNotFound(err)).toBe(true);
  });

  it('does not write (no new resourceVersion) when nothing changed', () => {
    const { tracker } = newTracker();
    const a = tracker.create(W, 'default', widget('a', 'default', { color: 'red' }));
    const same = tracker.update(W, 'default', a);
    expect(same.metadata?.resourceVersion).toBe(a.metadata?.resourceVersion);
    expect(tracker.resourceVersion()).toBe(Number(a.metadata?.resourceVersion));
  });

  it('keeps dry runs out of the store', () => {
    const { tracker } = newTracker();
    const dry = tracker.create(W, 'default', widget('a'), { dryRun: ['All'] });
    expect(dry.metadata?.uid).toBeDefined();
    expect(isNotFound(thrown(() => tracker.get(W, 'default', 'a')))).toBe(true);
  });
});

describe('ObjectTracker delete', () => {
  it('deletes, then answers NotFound', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a'));
    const gone = tracker.delete(W, 'default', 'a');
    expect(gone.metadata?.name).toBe('a');
    expect(isNotFound(thrown(() => tracker.get(W, 'default', 'a')))).toBe(true);
    expect(isNotFound(thrown(() => tracker.delete(W, 'default', 'a')))).toBe(true);
  });

  it('checks uid and resourceVersion preconditions', () => {
    const { tracker } = newTracker();
    const a = tracker.create(W, 'default', widget('a'));
    expect(isConflict(thrown(() => tracker.delete(W, 'default', 'a', { preconditions: { uid: 'other' } })))).toBe(true);
    expect(
      isConflict(thrown(() => tracker.delete(W, 'default', 'a', { preconditions: { resourceVersion: '999' } }))),
    ).toBe(true);
    tracker.delete(W, 'default', 'a', { preconditions: { uid: a.metadata?.uid as string } });
    expect(isNotFound(thrown(() => tracker.get(W, 'default', 'a')))).toBe(true);
  });

  it('marks an object with finalizers and removes it when the last finalizer goes', async () => {
    const { tracker, clock } = newTracker();
    tracker.create(W, 'default', { ...widget('a'), metadata: { name: 'a', finalizers: ['demo/cleanup'] } });
    await clock.advance(3000);
    const marked = tracker.delete(W, 'default', 'a');
    expect(marked.metadata?.deletionTimestamp).toBe(new Date(1_700_000_003_000).toISOString().replace('.000Z', 'Z'));
    expect(marked.metadata?.deletionGracePeriodSeconds).toBe(0);
    const still = tracker.get(W, 'default', 'a');
    expect(still.metadata?.deletionTimestamp).toBeDefined();
    // an update cannot clear deletionTimestamp
    const kept = tracker.update(W, 'default', {
      ...still,
      metadata: { ...still.metadata, deletionTimestamp: undefined as unknown as string },
    });
    expect(kept.metadata?.deletionTimestamp).toBe(marked.metadata?.deletionTimestamp);
    tracker.update(W, 'default', { ...kept, metadata: { ...kept.metadata, finalizers: [] } });
    expect(isNotFound(thrown(() => tracker.get(W, 'default', 'a')))).toBe(true);
  });

  it('deleteCollection removes what the selectors select', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a', 'default', {}, { app: 'x' }));
    tracker.create(W, 'default', widget('b', 'default', {}, { app: 'y' }));
    tracker.create(W, 'other', widget('c', 'other', {}, { app: 'x' }));
    const removed = tracker.deleteCollection(W, 'default', { labelSelector: 'app=x' });
    expect(removed.items.map((o) => o.metadata?.name)).toEqual(['a']);
    expect(
      tracker
        .list(W, '')
        .items.map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(['b', 'c']);
  });
});

describe('ObjectTracker add', () => {
  it('seeds by kind, keeps status, and fails for unknown kinds', () => {
    const { tracker } = newTracker();
    const seeded = tracker.add({ ...widget('a'), status: { phase: 'Seeded' } } as Widget) as Widget;
    expect(seeded.status?.phase).toBe('Seeded');
    expect(seeded.metadata?.uid).toBeDefined();
    expect(() => tracker.add({ apiVersion: 'x/v1', kind: 'Nope', metadata: { name: 'n' } })).toThrow(
      /does not know kind Nope/,
    );
  });
});

describe('ObjectTracker scale', () => {
  it('reads and writes replicas through the registered paths, with optimistic concurrency', () => {
    const { tracker } = newTracker();
    tracker.add({ ...widget('a', 'default', { replicas: 2 }), status: { replicas: 1, selector: 'app=a' } } as Widget);
    const scale = tracker.getScale(W, 'default', 'a');
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 1, selector: 'app=a' } });
    const updated = tracker.updateScale(W, 'default', 'a', { ...scale, spec: { replicas: 5 } });
    expect(updated.spec?.replicas).toBe(5);
    expect((tracker.get(W, 'default', 'a') as Widget).spec?.replicas).toBe(5);
    expect(isConflict(thrown(() => tracker.updateScale(W, 'default', 'a', { ...scale, spec: { replicas: 6 } })))).toBe(
      true,
    );
    expect(isNotFound(thrown(() => tracker.getScale(configMaps.gvr, 'default', 'a')))).toBe(true);
  });
});
