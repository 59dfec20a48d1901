// DynamicSharedInformerFactory over the fake provider: shared per resource, namespace and tweak applied, listers, shutdown.
import { describe, expect, it } from 'vitest';
import type { GroupVersionResource } from '../../../runtime/api/meta.js';
import {
  type DynamicListerWatcherSource,
  DynamicSharedInformerFactory,
} from '../../../runtime/dynamic/dynamic-informer-factory.js';
import type { Unstructured } from '../../../runtime/dynamic/unstructured.js';
import { isNotFound } from '../../../runtime/errors/api-error.js';
import { type FakeResourceClientProvider, newFakeProvider } from '../../../runtime/fake/index.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { captureLogs } from '../../support/capture-logger.js';
import { waitFor } from '../../support/wait-for.js';
import { configMaps, gadgets, widget, widgets } from '../fake/fixtures.js';

captureLogs();

// The fake provider seen as a dynamic client: every resource by its GVR, unstructured.
function dynamicOver(p: FakeResourceClientProvider): DynamicListerWatcherSource {
  const refs = [widgets, gadgets, configMaps];
  return {
    resource: (gvr: GroupVersionResource) => {
      const ref = refs.find((r) => r.gvr.resource === gvr.resource && r.gvr.group === gvr.group);
      if (ref === undefined) {
        throw new Error(`no fake resource ${gvr.resource}`);
      }
      const all = p.resource<Unstructured>(ref, '');
      return {
        list: (o, s) => all.list(o, s),
        watch: (o, s) => all.watch(o, s),
        namespace: (ns: string) => {
          const one = p.resource<Unstructured>(ref, ns);
          return { list: (o, s) => one.list(o, s), watch: (o, s) => one.watch(o, s) };
        },
      };
    },
  };
}

function setup() {
  const clock = new FakeClock();
  const p = newFakeProvider([widgets, gadgets, configMaps], {
    clock,
    objects: [
      widget('a', 'default', { color: 'red' }, { tier: 'web' }),
      widget('b', 'other', { color: 'blue' }, { tier: 'db' }),
      { apiVersion: 'demo.kgen.io/v1', kind: 'Gadget', metadata: { name: 'g' } },
    ],
  });
  return { p, clock, dynamic: dynamicOver(p) };
}

const names = (objs: readonly { metadata?: { name?: string } }[]) => objs.map((o) => o.metadata?.name).sort();

describe('DynamicSharedInformerFactory', () => {
  it('shares one informer per resource, syncs it and keeps its lister current', async () => {
    const { p, clock, dynamic } = setup();
    const factory = new DynamicSharedInformerFactory(dynamic, { clock });
    const w = factory.forResource(widgets.gvr);
    expect(factory.forResource(widgets.gvr).informer()).toBe(w.informer());
    const added: string[] = [];
    w.informer().addEventHandler({
      onAdd: (o) => {
        added.push(o.metadata?.name ?? '');
      },
    });
    factory.forResource(gadgets.gvr).informer();
    factory.start();
    expect(await factory.waitForCacheSync()).toEqual({
      'demo.kgen.io/v1alpha1/widgets': true,
      'demo.kgen.io/v1/gadgets': true,
    });
    expect(names(w.lister().list())).toEqual(['a', 'b']);
    expect(names(w.lister().list('tier=web'))).toEqual(['a']);
    expect(w.lister().namespace('other').get('b').metadata?.name).toBe('b');
    expect(() => w.lister().namespace('default').get('b')).toThrowError(
      expect.objectContaining({ statusCode: 404 }) as Error,
    );
    expect(names(factory.forResource(gadgets.gvr).lister().list())).toEqual(['g']);
    expect(factory.forResource(gadgets.gvr).lister().get('g').kind).toBe('Gadget');

    await p.resource<Unstructured>(widgets, 'default').create(widget('c') as Unstructured);
    await waitFor(() => added.includes('c'), 'the add of c');
    expect(names(w.lister().namespace('default').list())).toEqual(['a', 'c']);
    await factory.shutdown();
  });

  it('scopes every informer to the namespace and applies tweakListOptions to list and watch', async () => {
    const { p, clock, dynamic } = setup();
    const factory = new DynamicSharedInformerFactory(dynamic, {
      clock,
      namespace: 'default',
      tweakListOptions: (o) => ({ ...o, labelSelector: 'tier=web' }),
      informerOptions: { useWatchList: false },
    });
    expect(factory.namespace).toBe('default');
    const w = factory.forResource(widgets.gvr);
    w.informer();
    factory.start();
    expect(await factory.waitForCacheSync()).toEqual({ 'demo.kgen.io/v1alpha1/widgets': true });
    expect(names(w.lister().list())).toEqual(['a']);
    await waitFor(() => p.actions().some((a) => a.verb === 'watch'), 'the watch');
    const calls = p.actions().filter((a) => a.verb === 'list' || a.verb === 'watch');
    expect(calls.map((a) => a.verb)).toEqual(['list', 'watch']);
    for (const a of calls) {
      expect(a.namespace).toBe('default');
      expect((a as { options: { labelSelector?: string } }).options.labelSelector).toBe('tier=web');
    }
    await factory.shutdown();
  });

  it('starts nothing after shutdown and answers only for started informers', async () => {
    const { p, clock, dynamic } = setup();
    const factory = new DynamicSharedInformerFactory(dynamic, { clock });
    await factory.shutdown();
    const w = factory.forResource(widgets.gvr);
    w.informer();
    factory.start();
    expect(await factory.waitForCacheSync()).toEqual({});
    expect(p.actions()).toEqual([]);
    expect(() => w.lister().get('a')).toThrowError(expect.objectContaining({ statusCode: 404 }) as Error);
    expect(isNotFound(catchError(() => w.lister().namespace('default').get('a')))).toBe(true);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
