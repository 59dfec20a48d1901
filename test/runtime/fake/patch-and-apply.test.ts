// Patches in the fake: JSON patch, merge patch, strategic merge by registered keys, and server-side apply with ownership.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiError, isConflict, isInvalid, isNotFound } from '../../../runtime/errors/index.js';
import { ObjectTracker } from '../../../runtime/fake/index.js';
import { newTracker, seededRandom, type Widget, type WidgetSpec, widget, widgets } from './fixtures.js';

const W = widgets.gvr;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('patch', () => {
  it('applies JSON patches atomically and reports failures as 422', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a', 'default', { color: 'red', args: ['x'] }));
    const p = tracker.patch(W, 'default', 'a', 'json', [
      { op: 'test', path: '/spec/color', value: 'red' },
      { op: 'replace', path: '/spec/color', value: 'blue' },
      { op: 'add', path: '/spec/args/-', value: 'y' },
      { op: 'copy', from: '/spec/color', path: '/spec/args/0' },
      { op: 'move', from: '/spec/args/2', path: '/spec/last' },
    ]) as Widget;
    expect(p.spec).toEqual({ color: 'blue', args: ['blue', 'x'], last: 'y' });
    const failed = thrown(() =>
      tracker.patch(W, 'default', 'a', 'json', [
        { op: 'replace', path: '/spec/color', value: 'green' },
        { op: 'test', path: '/spec/color', value: 'red' },
      ]),
    );
    expect(isInvalid(failed)).toBe(true);
    expect((tracker.get(W, 'default', 'a') as Widget).spec?.color).toBe('blue');
    expect(
      isInvalid(thrown(() => tracker.patch(W, 'default', 'a', 'json', [{ op: 'remove', path: '/spec/nope' }]))),
    ).toBe(true);
  });

  it('merge-patches maps, deletes with null, replaces lists, and is NotFound for missing objects', () => {
    const { tracker } = newTracker();
    tracker.create(
      W,
      'default',
      widget('a', 'default', { color: 'red', replicas: 1, ports: [{ name: 'http', port: 80 }] }),
    );
    const p = tracker.patch(W, 'default', 'a', 'merge', {
      spec: { color: null, replicas: 3, ports: [{ name: 'https', port: 443 }] },
    }) as Widget;
    expect(p.spec).toEqual({ replicas: 3, ports: [{ name: 'https', port: 443 }] });
    expect(isNotFound(thrown(() => tracker.patch(W, 'default', 'zz', 'merge', {})))).toBe(true);
  });

  it('conflicts when the patch carries a stale resourceVersion', () => {
    const { tracker } = newTracker();
    const a = tracker.create(W, 'default', widget('a'));
    tracker.patch(W, 'default', 'a', 'merge', { spec: { color: 'x' } });
    const stale = { metadata: { resourceVersion: a.metadata?.resourceVersion }, spec: { color: 'y' } };
    expect(isConflict(thrown(() => tracker.patch(W, 'default', 'a', 'merge', stale)))).toBe(true);
  });

  it('strategic-merges lists by their registered keys, unions sets, honours $patch: delete', () => {
    const { tracker } = newTracker();
    tracker.create(
      W,
      'default',
      widget('a', 'default', {
        ports: [
          { name: 'http', port: 80 },
          { name: 'metrics', port: 9090 },
        ],
        tags: ['a'],
        args: ['1'],
      }),
    );
    const p = tracker.patch(W, 'default', 'a', 'strategic', {
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP' },
          { name: 'metrics', $patch: 'delete' },
          { name: 'grpc', port: 9000 },
        ],
        tags: ['b', 'a'],
        args: ['2'],
      },
    }) as Widget;
    expect(p.spec?.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'grpc', port: 9000 },
    ]);
    expect(p.spec?.tags).toEqual(['a', 'b']);
    expect(p.spec?.args).toEqual(['2']);
  });

  it('rejects strategic merge with 415 where the registration says so (custom resources on a real server)', () => {
    const tracker = new ObjectTracker({ resources: [{ ...widgets, strategicMergePatch: 'reject' }] });
    tracker.create(W, 'default', widget('a'));
    const err = thrown(() => tracker.patch(W, 'default', 'a', 'strategic', { spec: {} }));
    expect((err as ApiError).statusCode).toBe(415);
  });

  it('patches status only through the status subresource', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a', 'default', { color: 'red' }));
    const s = tracker.patch(
      W,
      'default',
      'a',
      'merge',
      { spec: { color: 'no' }, status: { phase: 'Up' } },
      {
        subresource: 'status',
      },
    ) as Widget;
    expect(s.spec?.color).toBe('red');
    expect(s.status?.phase).toBe('Up');
    const m = tracker.patch(W, 'default', 'a', 'merge', { spec: { color: 'blue' }, status: { phase: 'No' } }) as Widget;
    expect(m.status?.phase).toBe('Up');
    expect(m.spec?.color).toBe('blue');
  });
});

const applyCfg = (spec: WidgetSpec, labels?: Record<string, string>): Widget => ({
  apiVersion: 'demo.kgen.io/v1alpha1',
  kind: 'Widget',
  metadata: { name: 'a', namespace: 'default', ...(labels !== undefined ? { labels } : {}) },
  spec,
});

describe('server-side apply', () => {
  it('creates the object, records an Apply entry, and needs a field manager', () => {
    const { tracker } = newTracker();
    expect(isInvalid(thrown(() => tracker.patch(W, 'default', 'a', 'apply', applyCfg({ color: 'red' }))))).toBe(true);
    const a = tracker.patch(W, 'default', 'a', 'apply', applyCfg({ color: 'red' }), { fieldManager: 'ctrl' });
    expect(a.metadata?.uid).toBeDefined();
    expect(a.metadata?.managedFields).toEqual([
      {
        manager: 'ctrl',
        operation: 'Apply',
        apiVersion: 'demo.kgen.io/v1alpha1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:color': {} } },
      },
    ]);
  });

  it('merges list-map elements by key across managers and removes what a manager stops applying', () => {
    const { tracker } = newTracker();
    tracker.patch(W, 'default', 'a', 'apply', applyCfg({ ports: [{ name: 'http', port: 80 }], color: 'red' }), {
      fieldManager: 'one',
    });
    tracker.patch(W, 'default', 'a', 'apply', applyCfg({ ports: [{ name: 'grpc', port: 9000 }] }), {
      fieldManager: 'two',
    });
    let w = tracker.get(W, 'default', 'a') as Widget;
    expect(w.spec?.ports).toEqual([
      { name: 'http', port: 80 },
      { name: 'grpc', port: 9000 },
    ]);
    // "one" drops color and its port: both go, "two"'s port stays
    tracker.patch(W, 'default', 'a', 'apply', applyCfg({}), { fieldManager: 'one' });
    w = tracker.get(W, 'default', 'a') as Widget;
    expect(w.spec).toEqual({ ports: [{ name: 'grpc', port: 9000 }] });
  });

  it('replaces atomic lists as a whole', () => {
    const { tracker } = newTracker();
    tracker.patch(W, 'default', 'a', 'apply', applyCfg({ args: ['a', 'b'] }), { fieldManager: 'one' });
    const w = tracker.patch(W, 'default', 'a', 'apply', applyCfg({ args: ['c'] }), { fieldManager: 'one' }) as Widget;
    expect(w.spec?.args).toEqual(['c']);
  });

  it('reports a conflict with another manager, and takes the field with force', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a', 'default', { replicas: 1 }), { fieldManager: 'kubectl-create' });
    const err = thrown(() =>
      tracker.patch(W, 'default', 'a', 'apply', applyCfg({ replicas: 3 }), { fieldManager: 'ctrl' }),
    ) as ApiError;
    expect(isConflict(err)).toBe(true);
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-create": .spec.replicas');
    expect(err.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-create": .spec.replicas',
        field: '.spec.replicas',
      },
    ]);
    // the same value is shared ownership, not a conflict
    tracker.patch(W, 'default', 'a', 'apply', applyCfg({ replicas: 1 }), { fieldManager: 'ctrl' });
    const forced = tracker.patch(W, 'default', 'a', 'apply', applyCfg({ replicas: 3 }), {
      fieldManager: 'ctrl',
      force: true,
    }) as Widget;
    expect(forced.spec?.replicas).toBe(3);
    const owners = forced.metadata?.managedFields?.map((m) => m.manager);
    expect(owners).toEqual(['ctrl']);
  });

  it('applyStatus touches only status; a no-op apply does not write', () => {
    const { tracker } = newTracker();
    tracker.patch(W, 'default', 'a', 'apply', applyCfg({ color: 'red' }), { fieldManager: 'ctrl' });
    const s = tracker.patch(
      W,
      'default',
      'a',
      'apply',
      { ...applyCfg({ color: 'ignored' }), status: { phase: 'Ready' } },
      { fieldManager: 'ctrl', subresource: 'status' },
    ) as Widget;
    expect(s.status?.phase).toBe('Ready');
    expect(s.spec?.color).toBe('red');
    const again = tracker.patch(W, 'default', 'a', 'apply', applyCfg({ color: 'red' }), { fieldManager: 'ctrl' });
    expect(again.metadata?.resourceVersion).toBe(s.metadata?.resourceVersion);
  });

  // For a sole manager, apply is declarative: after applying A then B, the object holds exactly what B says.
  it('property: with one manager, the object after apply(A) then apply(B) equals apply(B) alone', () => {
    const name = fc.constantFrom('http', 'grpc', 'metrics', 'admin');
    const spec = fc.record(
      {
        color: fc.constantFrom('red', 'blue', 'green'),
        replicas: fc.integer({ min: 0, max: 5 }),
        ports: fc.uniqueArray(fc.record({ name, port: fc.integer({ min: 1, max: 65535 }) }), {
          selector: (p) => p.name,
          maxLength: 4,
        }),
        tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 }),
        args: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    const labels = fc.option(fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('1', '2')), {
      nil: undefined,
    });
    const normalise = (w: Widget) => ({
      labels: w.metadata?.labels ?? {},
      spec: {
        ...w.spec,
        ...(w.spec?.ports !== undefined
          ? { ports: [...w.spec.ports].sort((x, y) => x.name.localeCompare(y.name)) }
          : {}),
        ...(w.spec?.tags !== undefined ? { tags: [...w.spec.tags].sort() } : {}),
      },
    });
    fc.assert(
      fc.property(spec, labels, spec, labels, (specA, labelsA, specB, labelsB) => {
        const t1 = new ObjectTracker({ resources: [widgets], random: seededRandom(1) });
        t1.patch(W, 'default', 'a', 'apply', applyCfg(specA, labelsA), { fieldManager: 'm' });
        const both = t1.patch(W, 'default', 'a', 'apply', applyCfg(specB, labelsB), { fieldManager: 'm' }) as Widget;
        const t2 = new ObjectTracker({ resources: [widgets], random: seededRandom(1) });
        const only = t2.patch(W, 'default', 'a', 'apply', applyCfg(specB, labelsB), { fieldManager: 'm' }) as Widget;
        expect(normalise(both)).toEqual(normalise(only));
      }),
      { numRuns: 200 },
    );
  });
});
