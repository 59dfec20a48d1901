// Type-level tests of generated listers and informers: read-only typed cache objects, scope-shaped listers.
import { describe, expectTypeOf, test } from 'vitest';
import type { Widget, WidgetClass } from '../../fixtures/example/generated/apis/demo/v1alpha1/types.js';
import { Clientset } from '../../fixtures/example/generated/clientset/versioned/index.js';
import { newWidgetInformer } from '../../fixtures/example/generated/informers/externalversions/demo/v1alpha1/index.js';
import { SharedInformerFactory } from '../../fixtures/example/generated/informers/externalversions/index.js';
import type {
  WidgetClassLister,
  WidgetLister,
  WidgetNamespaceLister,
} from '../../fixtures/example/generated/listers/demo/v1alpha1/index.js';
import type {
  DeepReadonly,
  GenericInformer,
  ResourceClientProvider,
  SharedIndexInformer,
} from '../../runtime/index.js';

declare const provider: ResourceClientProvider;

describe('generated informers and listers (types only)', () => {
  test('the factory takes a clientset or a provider; accessors are group, version, resource', () => {
    const factory = new SharedInformerFactory(new Clientset(provider), { namespace: 'a' });
    expectTypeOf(new SharedInformerFactory(provider)).toEqualTypeOf<SharedInformerFactory>();
    const widgets = factory.demo().v1alpha1().widgets();
    expectTypeOf(widgets.informer()).toEqualTypeOf<SharedIndexInformer<Widget>>();
    expectTypeOf(widgets.lister()).toEqualTypeOf<WidgetLister>();
    expectTypeOf(factory.demo().v1alpha1().widgetClasses().informer()).toEqualTypeOf<
      SharedIndexInformer<WidgetClass>
    >();
    expectTypeOf(factory.forResource).returns.toEqualTypeOf<GenericInformer>();
    expectTypeOf(factory.start).parameters.toEqualTypeOf<[signal?: AbortSignal]>();
    const misuse = () => {
      // @ts-expect-error a factory needs a clientset or a provider
      new SharedInformerFactory({});
      // @ts-expect-error there is no v1 of the demo group
      factory.demo().v1();
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test('listers hand out read-only typed objects; the namespaced lister has a namespace accessor', () => {
    const lister = new SharedInformerFactory(provider).demo().v1alpha1().widgets().lister();
    expectTypeOf(lister.widgets).returns.toEqualTypeOf<WidgetNamespaceLister>();
    expectTypeOf(lister.list).returns.toEqualTypeOf<DeepReadonly<Widget>[]>();
    expectTypeOf(lister.widgets('a').get).returns.toEqualTypeOf<DeepReadonly<Widget>>();
    expectTypeOf(lister).not.toHaveProperty('get');
    const classes: WidgetClassLister = new SharedInformerFactory(provider).demo().v1alpha1().widgetClasses().lister();
    expectTypeOf(classes.get).returns.toEqualTypeOf<DeepReadonly<WidgetClass>>();
    expectTypeOf(classes).not.toHaveProperty('namespace');
    expectTypeOf(classes).not.toHaveProperty('widgetClasses');
    const misuse = () => {
      const cached = lister.widgets('a').get('one');
      // @ts-expect-error cached objects are shared and read-only: copy before changing
      cached.spec.replicas = 3;
      // @ts-expect-error cluster-scoped listers take a name, not a namespace
      classes.get('a', 'b');
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test('a standalone informer takes typed indexers', () => {
    const informer = newWidgetInformer(new Clientset(provider), {
      namespace: 'a',
      indexers: { byReplicas: (w) => [String(w.spec.replicas)] },
    });
    expectTypeOf(informer).toEqualTypeOf<SharedIndexInformer<Widget>>();
    const misuse = () =>
      newWidgetInformer(provider, {
        // @ts-expect-error index functions see a Widget, which has no `data`
        indexers: { bad: (w) => [w.data] },
      });
    expectTypeOf(misuse).toBeFunction();
  });
});
