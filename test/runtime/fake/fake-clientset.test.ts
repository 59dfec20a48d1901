// The fake provider end to end: typed clients over the tracker, recorded actions, reactors, watch reactors, discovery.
import { describe, expect, it } from 'vitest';
import type { Watch } from '../../../runtime/api/watch-event.js';
import { ApiError, isConflict, isNotFound } from '../../../runtime/errors/index.js';
import {
  type Action,
  FakeResourceClientProvider,
  FakeWatch,
  newFakeProvider,
  ObjectTracker,
} from '../../../runtime/fake/index.js';
import type { ResourceRef } from '../../../runtime/gentype/resource-client.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { configMaps, gadgets, seededRandom, type Widget, widget, widgets } from './fixtures.js';

const widgetRef: ResourceRef = widgets;

function provider(): FakeResourceClientProvider {
  return newFakeProvider([widgets, gadgets, configMaps], {
    clock: new FakeClock(),
    random: seededRandom(),
    objects: [widget('seeded', 'default', { color: 'red' })],
  });
}

const summary = (a: Action) => [a.verb, a.resource.resource, a.subresource, a.namespace].join(' ');

describe('FakeResourceClientProvider', () => {
  it('serves every verb through the tracker and records each call as an action', async () => {
    const p = provider();
    const c = p.resource<Widget>(widgetRef, 'default');
    const got = await c.get('seeded');
    expect(got.spec?.color).toBe('red');
    const created = await c.create(widget('b'), { fieldManager: 'test' });
    const updated = await c.update({ ...created, spec: { color: 'blue' } });
    await c.updateStatus({ ...updated, status: { phase: 'Ready' } });
    await c.patch('b', 'merge', { spec: { replicas: 2 } });
    await c.getScale('b');
    await c.updateScale('b', { spec: { replicas: 4 } });
    const list = await c.list({ labelSelector: '' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['b', 'seeded']);
    await c.apply(
      { apiVersion: 'demo.kgen.io/v1alpha1', kind: 'Widget', metadata: { name: 'c' }, spec: { color: 'green' } },
      { fieldManager: 'ctrl' },
    );
    await c.delete('c');
    await c.deleteCollection({}, { fieldSelector: 'metadata.name=b' });
    expect(p.actions().map(summary)).toEqual([
      'get widgets  default',
      'create widgets  default',
      'update widgets  default',
      'update widgets status default',
      'patch widgets  default',
      'get widgets scale default',
      'update widgets scale default',
      'list widgets  default',
      'patch widgets  default',
      'delete widgets  default',
      'delete-collection widgets  default',
    ]);
    const patch = p.actions()[4];
    expect(patch).toMatchObject({ verb: 'patch', name: 'b', patchType: 'merge', patch: { spec: { replicas: 2 } } });
    const final = await c.list();
    expect(final.items.map((i) => i.metadata?.name)).toEqual(['seeded']);
    p.clearActions();
    expect(p.actions()).toEqual([]);
  });

  it('records actions as copies', async () => {
    const p = provider();
    const obj = widget('x');
    await p.resource<Widget>(widgetRef, 'default').create(obj);
    (obj.spec as { color?: string }).color = 'changed later';
    expect((p.actions()[0] as { object: Widget }).object.spec).toEqual({});
  });

  it('lets a prepended reactor short-circuit the tracker, with a result or an error', async () => {
    const p = provider();
    const c = p.resource<Widget>(widgetRef, 'default');
    p.prependReactor('update', 'widgets/status', () => ({ handled: true, err: new Error('status is read-only here') }));
    p.prependReactor('get', '*', (a) =>
      a.verb === 'get' && a.name === 'ghost' ? { handled: true, ret: widget('ghost') } : { handled: false },
    );
    expect((await c.get('ghost')).metadata?.name).toBe('ghost');
    expect(isNotFound(await c.get('nobody').catch((e: unknown) => e))).toBe(true);
    const seeded = await c.get('seeded');
    await expect(c.updateStatus(seeded)).rejects.toThrow('status is read-only here');
    // the main resource is not covered by the status reactor
    expect((await c.update({ ...seeded, spec: { color: 'x' } })).spec?.color).toBe('x');
    // addReactor runs after the tracker, so it never sees handled calls
    let late = 0;
    p.addReactor('*', '*', () => {
      late++;
      return { handled: false };
    });
    await c.get('seeded');
    expect(late).toBe(0);
  });

  it('surfaces API errors from the tracker as ApiError', async () => {
    const p = provider();
    const c = p.resource<Widget>(widgetRef, 'default');
    const seeded = await c.get('seeded');
    await c.update({ ...seeded, spec: { color: 'blue' } });
    const err = await c.update({ ...seeded, spec: { color: 'green' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(isConflict(err)).toBe(true);
  });

  it('watches through the tracker, and through a prepended watch reactor', async () => {
    const p = provider();
    const c = p.resource<Widget>(widgetRef, 'default');
    const w = await c.watch({ resourceVersion: String(p.tracker().resourceVersion()) });
    await c.create(widget('n'));
    for await (const ev of w) {
      expect(ev.type).toBe('ADDED');
      expect(ev.object.metadata?.name).toBe('n');
      break;
    }
    const custom = new FakeWatch<unknown>();
    p.prependWatchReactor('widgets', () => ({ handled: true, watch: custom }));
    const w2: Watch<Widget> = await c.watch();
    custom.add({ type: 'MODIFIED', object: widget('from-test') });
    custom.end();
    const seen: string[] = [];
    for await (const ev of w2) {
      seen.push(`${ev.type} ${ev.object.metadata?.name}`);
    }
    expect(seen).toEqual(['MODIFIED from-test']);
    expect(p.actions().filter((a) => a.verb === 'watch')).toHaveLength(2);
  });

  it('registers unknown resources on demand from their ResourceRef info, status subresource included', async () => {
    const tracker = new ObjectTracker();
    const p = new FakeResourceClientProvider(tracker);
    const ref: ResourceRef = {
      gvr: { group: 'apps', version: 'v1', resource: 'deployments' },
      kind: 'Deployment',
      namespaced: true,
      info: {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        listKind: 'DeploymentList',
        resource: 'deployments',
        singular: 'deployment',
        namespaced: true,
        verbs: ['get', 'list', 'watch', 'create', 'update', 'updateStatus', 'patch', 'delete', 'deleteCollection'],
        subresources: ['status', 'scale'],
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        shortNames: ['deploy'],
        categories: ['all'],
      },
    };
    const c = p.resource<Widget>(ref, 'ns');
    const d = await c.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 1 },
      status: { replicas: 9 },
    });
    expect(d.status).toBeUndefined();
    expect((await c.getScale('d')).spec?.replicas).toBe(1);
    expect((await c.list()).kind).toBe('DeploymentList');
    const resources = await p.discovery().serverResourcesForGroupVersion('apps/v1');
    expect(resources.resources.map((r) => r.name)).toEqual(['deployments', 'deployments/status', 'deployments/scale']);
    expect(resources.resources[0]).toMatchObject({
      kind: 'Deployment',
      shortNames: ['deploy'],
      categories: ['all'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
  });

  it('aborts before the call when the signal is already aborted', async () => {
    const p = provider();
    const ac = new AbortController();
    ac.abort();
    await expect(p.resource<Widget>(widgetRef, 'default').get('seeded', {}, ac.signal)).rejects.toThrow();
    expect(p.actions()).toEqual([]);
  });
});

describe('FakeDiscovery', () => {
  it('reports version, groups in priority order, resources and preferred resources', async () => {
    const extra = { ...widgets, gvr: { ...widgets.gvr, version: 'v1beta1' } };
    const p = newFakeProvider([widgets, gadgets, configMaps, extra], {
      discovery: { serverVersion: { major: '1', minor: '35', gitVersion: 'v1.35.4' } },
    });
    const d = p.discovery();
    expect((await d.serverVersion()).gitVersion).toBe('v1.35.4');
    const groups = await d.serverGroups();
    expect(groups.groups.map((g) => [g.name, g.versions.map((v) => v.version), g.preferredVersion?.version])).toEqual([
      ['', ['v1'], 'v1'],
      ['demo.kgen.io', ['v1', 'v1beta1', 'v1alpha1'], 'v1'],
    ]);
    const preferred = await d.serverPreferredResources();
    expect(preferred.map((l) => [l.groupVersion, l.resources.map((r) => r.name)])).toEqual([
      ['v1', ['configmaps']],
      ['demo.kgen.io/v1', ['gadgets']],
    ]);
    await expect(d.serverResourcesForGroupVersion('nope/v1')).rejects.toSatisfy(isNotFound);
  });
});
