// The SharedInformerFactory base and the stripManagedFields transform.
import { describe, expect, it } from 'vitest';
import { newLister, SharedIndexInformer } from '../../../runtime/cache/index.js';
import { SharedInformerFactory, stripManagedFields } from '../../../runtime/informers/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';
import { waitFor } from '../../support/wait-for.js';

captureLogs();

const managed = (name: string, labels: Record<string, string> = {}): Pod =>
  makePod(name, undefined, {
    namespace: 'ns',
    labels,
    managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
  });

describe('SharedInformerFactory', () => {
  it('one informer per resource key; options, tweakListOptions, custom resync and transform applied', async () => {
    const source = new FakeControllerSource<Pod>();
    source.add(managed('a', { tier: 'web' }));
    source.add(managed('b', { tier: 'db' }));
    const factory = new SharedInformerFactory({
      namespace: 'ns',
      tweakListOptions: (o) => ({ ...o, labelSelector: 'tier=web' }),
      defaultResyncMs: 0,
      customResync: { 'v1/pods': 60_000 },
      transform: stripManagedFields,
      clock: new FakeClock(),
      random: () => 0,
    });
    const pods = factory.informerForResource<Pod>('v1/pods', source);
    expect(factory.informerForResource<Pod>('v1/pods', source)).toBe(pods);
    expect(factory.informerKey('v1/pods')).toBe('v1/pods|ns=ns|labels=tier=web|fields=');
    expect(pods.resyncCheckPeriod).toBe(60_000);
    const ac = new AbortController();
    factory.start(ac.signal);
    expect(await factory.waitForCacheSync()).toEqual({ 'v1/pods|ns=ns|labels=tier=web|fields=': true });
    const lister = newLister(pods.getIndexer(), { group: '', resource: 'pods' });
    expect(
      lister
        .namespace('ns')
        .list()
        .map((p) => p.metadata.name),
    ).toEqual(['a']);
    expect(lister.namespace('ns').get('a').metadata.managedFields).toBeUndefined();
    expect(source.watchCalls[0]?.labelSelector).toBe('tier=web');
    await factory.shutdown();
    expect(pods.isStopped()).toBe(true);
    factory.start();
    expect(pods.isStopped()).toBe(true);
    source.shutdown();
  });

  it('start() starts only informers not yet started; waitForCacheSync covers started informers only', async () => {
    const a = new FakeControllerSource<Pod>();
    const b = new FakeControllerSource<Pod>();
    const factory = new SharedInformerFactory({ clock: new FakeClock() });
    const ia = factory.informerForResource<Pod>('a', a);
    factory.start();
    const ib = factory.informerFor<Pod>(
      'b',
      (ctx) => new SharedIndexInformer<Pod>({ ...ctx.informerOptions<Pod>(), listerWatcher: b }),
    );
    expect(Object.keys(await factory.waitForCacheSync())).toEqual(['a|ns=|labels=|fields=']);
    expect(ib.hasStarted()).toBe(false);
    factory.start();
    await waitFor(() => ib.hasStarted());
    expect(Object.keys(await factory.waitForCacheSync()).sort()).toEqual([
      'a|ns=|labels=|fields=',
      'b|ns=|labels=|fields=',
    ]);
    expect(a.watchCalls).toHaveLength(1);
    expect(ia.hasSynced() && ib.hasSynced()).toBe(true);
    await factory.shutdown();
    a.shutdown();
    b.shutdown();
  });
});

describe('stripManagedFields', () => {
  it('removes managedFields, keeps the rest, and is idempotent', () => {
    const p = managed('a', { x: 'y' });
    const once = stripManagedFields(p);
    expect(once.metadata.managedFields).toBeUndefined();
    expect('managedFields' in once.metadata).toBe(false);
    expect(once.metadata).toEqual({ name: 'a', namespace: 'ns', labels: { x: 'y' } });
    expect(stripManagedFields(once)).toEqual(once);
    expect(stripManagedFields({ kind: 'Pod' })).toEqual({ kind: 'Pod' });
  });
});
