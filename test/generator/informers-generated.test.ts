// The generated informer factory, kind informers and listers of the example API, over an in-memory provider.
import { describe, expect, test } from 'vitest';
import type { Widget } from '../../fixtures/example/generated/apis/demo/v1alpha1/types.js';
import { Clientset } from '../../fixtures/example/generated/clientset/versioned/index.js';
import { newWidgetInformer } from '../../fixtures/example/generated/informers/externalversions/demo/v1alpha1/index.js';
import { SharedInformerFactory } from '../../fixtures/example/generated/informers/externalversions/index.js';
import { isNotFound, type KubernetesObject, NoInformerError } from '../../runtime/index.js';
import { memoryProvider } from './support/memory-provider.js';

function widget(namespace: string, name: string, replicas: number, labels: Record<string, string> = {}): Widget {
  return {
    apiVersion: 'demo.kgen.dev/v1alpha1',
    kind: 'Widget',
    metadata: { namespace, name, labels, resourceVersion: '1' },
    spec: { replicas } as Widget['spec'],
  };
}

const seeded: KubernetesObject[] = [
  widget('a', 'one', 1, { tier: 'web' }),
  widget('a', 'two', 2),
  widget('b', 'three', 3, { tier: 'web' }),
  { apiVersion: 'demo.kgen.dev/v1alpha1', kind: 'WidgetClass', metadata: { name: 'standard', resourceVersion: '1' } },
];

function names(objs: readonly { readonly metadata?: { readonly name?: string } }[]): (string | undefined)[] {
  return objs.map((o) => o.metadata?.name).sort();
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('generated informers and listers', () => {
  test('the factory syncs each informer with a streaming list and its lister answers from the cache', async () => {
    const { provider, calls } = memoryProvider(seeded);
    const factory = new SharedInformerFactory(new Clientset(provider));
    const widgets = factory.demo().v1alpha1().widgets();
    const classes = factory.demo().v1alpha1().widgetClasses();
    expect(widgets.informer()).toBe(factory.demo().v1alpha1().widgets().informer());
    classes.informer();
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      const synced = await factory.waitForCacheSync(ac.signal);
      expect(Object.values(synced)).toEqual([true, true]);
      const lister = widgets.lister();
      expect(names(lister.list())).toEqual(['one', 'three', 'two']);
      expect(names(lister.list('tier=web'))).toEqual(['one', 'three']);
      expect(lister.widgets('a').get('two').spec.replicas).toBe(2);
      expect(names(lister.widgets('b').list())).toEqual(['three']);
      const err = thrown(() => lister.widgets('b').get('one'));
      expect(isNotFound(err)).toBe(true);
      expect((err as Error).message).toBe('widgets.demo.kgen.dev "one" not found');
      expect(classes.lister().get('standard').metadata?.name).toBe('standard');
      // Synced through WATCH with sendInitialEvents: no LIST was needed.
      expect(calls.filter((c) => c.method === 'list')).toEqual([]);
      const watches = calls.filter((c) => c.method === 'watch');
      expect(watches.map((c) => [c.ref.kind, c.namespace, c.options?.sendInitialEvents])).toEqual([
        ['Widget', '', true],
        ['WidgetClass', undefined, true],
      ]);
    } finally {
      ac.abort();
      await factory.shutdown();
    }
  });

  test('a client that cannot stream lists makes the informer LIST; a namespaced factory lists its namespace only', async () => {
    const { provider, calls } = memoryProvider(seeded, { watchList: false });
    const factory = new SharedInformerFactory(provider, { namespace: 'b' });
    const generic = factory.forResource({ group: 'demo.kgen.dev', version: 'v1alpha1', resource: 'widgets' });
    expect(generic.informer()).toBe(factory.demo().v1alpha1().widgets().informer());
    expect(() => factory.forResource({ group: 'demo.kgen.dev', version: 'v1', resource: 'widgets' })).toThrow(
      NoInformerError,
    );
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      expect(Object.values(await factory.waitForCacheSync(ac.signal))).toEqual([true]);
      expect(names(generic.lister().list())).toEqual(['three']);
      expect(calls.filter((c) => c.method === 'list').map((c) => c.namespace)).toEqual(['b']);
      expect(calls.find((c) => c.method === 'watch')?.options?.sendInitialEvents).toBeUndefined();
    } finally {
      ac.abort();
      await factory.shutdown();
    }
  });

  test('tweakListOptions reaches every call of the factory informers', async () => {
    const { provider, calls } = memoryProvider(seeded, { watchList: false });
    const factory = new SharedInformerFactory(provider, {
      tweakListOptions: (o) => ({ ...o, labelSelector: 'tier=web' }),
    });
    factory.demo().v1alpha1().widgets().informer();
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      await factory.waitForCacheSync(ac.signal);
      const selectors = calls.filter((c) => c.ref.kind === 'Widget').map((c) => [c.method, c.options?.labelSelector]);
      expect(selectors).toEqual([
        ['list', 'tier=web'],
        ['watch', 'tier=web'],
      ]);
    } finally {
      ac.abort();
      await factory.shutdown();
    }
  });

  test('customResync is keyed by group/version/resource; transform applies to every informer', async () => {
    const { provider } = memoryProvider(seeded);
    const factory = new SharedInformerFactory(provider, {
      defaultResyncMs: 0,
      customResync: { 'demo.kgen.dev/v1alpha1/widgets': 30_000 },
      transform: (o) => ({ ...o, metadata: { ...o.metadata, annotations: { seen: 'yes' } } }),
    });
    const widgets = factory.demo().v1alpha1().widgets();
    expect(widgets.informer().resyncCheckPeriod).toBe(30_000);
    expect(factory.demo().v1alpha1().widgetClasses().informer().resyncCheckPeriod).toBe(0);
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      await factory.waitForCacheSync(ac.signal);
      expect(widgets.lister().widgets('a').get('one').metadata?.annotations).toEqual({ seen: 'yes' });
    } finally {
      ac.abort();
      await factory.shutdown();
    }
  });

  test('a standalone kind informer takes its namespace and indexers as options', async () => {
    const { provider, calls } = memoryProvider(seeded);
    const informer = newWidgetInformer(new Clientset(provider), {
      namespace: 'a',
      indexers: { byReplicas: (w) => [String(w.spec.replicas)] },
    });
    const ac = new AbortController();
    const running = informer.run(ac.signal);
    try {
      await informer.synced;
      expect(names(informer.getIndexer().byIndex('byReplicas', '2'))).toEqual(['two']);
      expect(names(informer.getIndexer().list())).toEqual(['one', 'two']);
      expect(calls.map((c) => [c.method, c.namespace])).toEqual([['watch', 'a']]);
    } finally {
      ac.abort();
      await running;
    }
  });
});
