// The generated fake clientset of the example API: typed accessors over runtime/fake, reactors, actions, informers.
import { describe, expect, test } from 'vitest';
import type { Widget, WidgetClass } from '../../fixtures/example/generated/apis/demo/v1alpha1/types.js';
import {
  FakeClientset,
  fakeResources,
  newSimpleClientset,
} from '../../fixtures/example/generated/clientset/versioned/fake/index.js';
import { Clientset } from '../../fixtures/example/generated/clientset/versioned/index.js';
import { SharedInformerFactory } from '../../fixtures/example/generated/informers/externalversions/index.js';
import { isNotFound } from '../../runtime/index.js';
import { waitFor } from '../support/wait-for.js';

function widget(namespace: string, name: string, replicas: number, labels: Record<string, string> = {}): Widget {
  return {
    apiVersion: 'demo.kgen.dev/v1alpha1',
    kind: 'Widget',
    metadata: { namespace, name, labels },
    spec: { replicas } as Widget['spec'],
  };
}

const standard: WidgetClass = {
  apiVersion: 'demo.kgen.dev/v1alpha1',
  kind: 'WidgetClass',
  metadata: { name: 'standard' },
};

describe('generated fake clientset', () => {
  test('newSimpleClientset seeds the tracker and serves the typed accessors', async () => {
    const cs = newSimpleClientset(widget('a', 'one', 1, { tier: 'web' }), widget('b', 'two', 2), standard);
    expect(cs).toBeInstanceOf(Clientset);
    expect(cs).toBeInstanceOf(FakeClientset);
    const inA = await cs.demoV1alpha1().widgets('a').list();
    expect(inA.items.map((w) => w.metadata?.name)).toEqual(['one']);
    const all = await cs.demoV1alpha1().widgets('').list({ labelSelector: 'tier=web' });
    expect(all.items.map((w) => w.metadata?.name)).toEqual(['one']);
    expect((await cs.demoV1alpha1().widgetClasses().get('standard')).metadata?.name).toBe('standard');
    let err: unknown;
    try {
      await cs.demoV1alpha1().widgets('b').get('one');
    } catch (e) {
      err = e;
    }
    expect(isNotFound(err)).toBe(true);
  });

  test('the registrations carry the status subresource, so update keeps status and updateStatus only changes status', async () => {
    expect(fakeResources.map((r) => r.kind)).toEqual(['Widget', 'WidgetClass']);
    const cs = newSimpleClientset();
    const widgets = cs.demoV1alpha1().widgets('a');
    const created = await widgets.create(widget('a', 'one', 1));
    expect(created.metadata?.resourceVersion).toBeDefined();
    const withStatus = await widgets.updateStatus({
      ...created,
      spec: { ...created.spec, replicas: 9 },
      status: { replicas: 1 },
    });
    expect(withStatus.status?.replicas).toBe(1);
    expect(withStatus.spec.replicas).toBe(1);
    const updated = await widgets.update({
      ...withStatus,
      spec: { ...withStatus.spec, replicas: 3 },
      status: { replicas: 7 },
    });
    expect(updated.spec.replicas).toBe(3);
    expect(updated.status?.replicas).toBe(1);
  });

  test('the schema merge hints reach the fake: applies of two managers merge the ports list by name', async () => {
    const cs = newSimpleClientset();
    const widgets = cs.demoV1alpha1().widgets('a');
    const config = (port: { name: string; port: number }) => ({
      apiVersion: 'demo.kgen.dev/v1alpha1' as const,
      kind: 'Widget' as const,
      metadata: { name: 'one', namespace: 'a' },
      spec: { template: { image: 'nginx', ports: [port] } },
    });
    await widgets.apply(config({ name: 'http', port: 80 }), { fieldManager: 'web' });
    const merged = await widgets.apply(config({ name: 'metrics', port: 9090 }), { fieldManager: 'metrics' });
    expect(merged.spec.template.ports?.map((p) => `${p.name}:${p.port}`).sort()).toEqual(['http:80', 'metrics:9090']);
  });

  test('reactors run ahead of the tracker and actions are recorded', async () => {
    const cs = newSimpleClientset(standard);
    cs.prependReactor('get', 'widgetclasses', (action) => {
      if ('name' in action && action.name === 'premium') {
        return { handled: true, ret: { ...standard, metadata: { name: 'premium' } } };
      }
      return undefined;
    });
    expect((await cs.demoV1alpha1().widgetClasses().get('premium')).metadata?.name).toBe('premium');
    expect((await cs.demoV1alpha1().widgetClasses().get('standard')).metadata?.name).toBe('standard');
    expect(cs.actions().map((a) => [a.verb, a.resource.resource])).toEqual([
      ['get', 'widgetclasses'],
      ['get', 'widgetclasses'],
    ]);
    cs.clearActions();
    expect(cs.actions()).toEqual([]);
    expect(cs.tracker()).toBe(cs.fake.tracker());
  });

  test('discovery is the fake discovery of the registered resources', async () => {
    const cs = newSimpleClientset();
    const list = await cs.discovery().serverResourcesForGroupVersion('demo.kgen.dev/v1alpha1');
    expect(list.resources.map((r) => r.name).sort()).toContain('widgets');
    expect(list.resources.map((r) => r.name).sort()).toContain('widgetclasses');
  });

  test('a generated informer factory over the fake syncs and sees later writes', async () => {
    const cs = newSimpleClientset(widget('a', 'one', 1));
    const factory = new SharedInformerFactory(cs, { namespace: 'a' });
    const widgets = factory.demo().v1alpha1().widgets();
    widgets.informer();
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      expect(Object.values(await factory.waitForCacheSync(ac.signal))).toEqual([true]);
      expect(widgets.lister().widgets('a').get('one').spec.replicas).toBe(1);
      await cs
        .demoV1alpha1()
        .widgets('a')
        .create(widget('a', 'two', 2));
      await waitFor(() => widgets.lister().list().length === 2);
      expect(widgets.lister().widgets('a').get('two').spec.replicas).toBe(2);
    } finally {
      ac.abort();
      await factory.shutdown();
    }
  });
});
