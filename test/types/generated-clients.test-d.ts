// Type-level tests of generated clients: what compiles and what must not (checked by tsc; vitest runs them too).
import { describe, expectTypeOf, test } from 'vitest';
import type { Gadget } from '../../fixtures/cases/crd-features/expected/apis/features/v1/types.js';
import { Clientset as FeaturesClientset } from '../../fixtures/cases/crd-features/expected/clientset/versioned/index.js';
import type { Job, Report } from '../../fixtures/cases/overrides/expected/apis/operations/v1/types.js';
import { Clientset as OpsClientset } from '../../fixtures/cases/overrides/expected/clientset/versioned/index.js';
import type { Widget, WidgetClass, WidgetList } from '../../fixtures/example/generated/apis/demo/v1alpha1/types.js';
import { FakeClientset, newSimpleClientset } from '../../fixtures/example/generated/clientset/versioned/fake/index.js';
import { Clientset } from '../../fixtures/example/generated/clientset/versioned/index.js';
import type {
  DemoV1alpha1Client,
  WidgetClassInterface,
  WidgetInterface,
} from '../../fixtures/example/generated/clientset/versioned/typed/demo/v1alpha1/index.js';
import type { TokenRequest } from '../../kubernetes/apis/authentication/v1/types.js';
import type { Pod } from '../../kubernetes/apis/core/v1/types.js';
import type { Eviction } from '../../kubernetes/apis/policy/v1/types.js';
import { Clientset as KubeClientset } from '../../kubernetes/index.js';
import type {
  CreateOptions,
  ResourceClientProvider,
  Scale,
  Status,
  UpdateOptions,
  Watch,
} from '../../runtime/index.js';

declare const provider: ResourceClientProvider;

describe('generated typed clients (types only)', () => {
  test('namespaced kinds take a namespace; cluster-scoped kinds take none', () => {
    const demo = new Clientset(provider).demoV1alpha1();
    expectTypeOf(demo).toEqualTypeOf<DemoV1alpha1Client>();
    expectTypeOf(demo.widgets).parameters.toEqualTypeOf<[namespace: string]>();
    expectTypeOf(demo.widgets).returns.toEqualTypeOf<WidgetInterface>();
    expectTypeOf(demo.widgetClasses).parameters.toEqualTypeOf<[]>();
    expectTypeOf(demo.widgetClasses).returns.toEqualTypeOf<WidgetClassInterface>();
    const misuse = () => {
      // @ts-expect-error cluster-scoped kinds take no namespace
      demo.widgetClasses('a');
      // @ts-expect-error namespaced kinds need a namespace
      demo.widgets();
      // @ts-expect-error a cluster-scoped kind declared by override (nonNamespaced) takes no namespace
      new OpsClientset(provider).operationsV1().jobs('a');
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test('list returns the typed list, get the kind, watch a Watch of the kind; every call takes a signal last', () => {
    const widgets = new Clientset(provider).demoV1alpha1().widgets('a');
    expectTypeOf(widgets.list).returns.resolves.toEqualTypeOf<WidgetList>();
    expectTypeOf(widgets.get).returns.resolves.toEqualTypeOf<Widget>();
    expectTypeOf(widgets.watch).returns.resolves.toEqualTypeOf<Watch<Widget>>();
    expectTypeOf(widgets.delete).returns.resolves.toEqualTypeOf<Status | Widget>();
    expectTypeOf(widgets.list).parameter(1).toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf(widgets.update).parameter(2).toEqualTypeOf<AbortSignal | undefined>();
    // Widget is a custom resource: the API server answers a strategic merge patch with 415.
    expectTypeOf(widgets.patch).parameter(1).toEqualTypeOf<'json' | 'merge' | 'apply'>();
    const classes = new Clientset(provider).demoV1alpha1().widgetClasses();
    expectTypeOf(classes.get).returns.resolves.toEqualTypeOf<WidgetClass>();
    const misuse = async () => {
      // @ts-expect-error create takes the kind, not another kind
      await widgets.create(await classes.get('x'));
      // @ts-expect-error apply needs options with a field manager
      await widgets.apply({ metadata: { name: 'x' } });
      // @ts-expect-error custom resources take no strategic merge patch
      await widgets.patch('x', 'strategic', {});
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test('status methods exist only with the status subresource, scale methods only with scale', () => {
    const widgets = new Clientset(provider).demoV1alpha1().widgets('a');
    expectTypeOf(widgets).toHaveProperty('updateStatus');
    expectTypeOf(widgets).toHaveProperty('applyStatus');
    expectTypeOf(widgets).toHaveProperty('patchStatus');
    expectTypeOf(widgets.getScale).returns.resolves.toEqualTypeOf<Scale>();
    const classes = new Clientset(provider).demoV1alpha1().widgetClasses();
    expectTypeOf(classes).toHaveProperty('updateStatus');
    expectTypeOf(classes).not.toHaveProperty('getScale');
    const gadgets = new FeaturesClientset(provider).featuresV1().gadgets();
    expectTypeOf(gadgets.get).returns.resolves.toEqualTypeOf<Gadget>();
    expectTypeOf(gadgets).not.toHaveProperty('updateStatus');
    expectTypeOf(gadgets).not.toHaveProperty('applyStatus');
    expectTypeOf(gadgets).not.toHaveProperty('patchStatus');
    expectTypeOf(gadgets).not.toHaveProperty('getScale');
    expectTypeOf(gadgets).toHaveProperty('apply');
    const misuse = (g: Gadget) => {
      // @ts-expect-error no status subresource, no updateStatus
      void gadgets.updateStatus(g);
      // @ts-expect-error no scale subresource, no getScale
      void gadgets.getScale('x');
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test('verb overrides remove methods: noStatus, skipVerbs, readonly, onlyVerbs, noVerbs', () => {
    const ops = new OpsClientset(provider).operationsV1();
    const jobs = ops.jobs();
    expectTypeOf(jobs.get).returns.resolves.toEqualTypeOf<Job>();
    expectTypeOf(jobs).not.toHaveProperty('updateStatus');
    expectTypeOf(jobs).not.toHaveProperty('patchStatus');
    expectTypeOf(jobs).not.toHaveProperty('deleteCollection');
    const reports = ops.reports('a');
    expectTypeOf(reports.get).returns.resolves.toEqualTypeOf<Report>();
    expectTypeOf<keyof typeof reports>().toEqualTypeOf<'get' | 'list' | 'watch'>();
    expectTypeOf<keyof ReturnType<typeof ops.gates>>().toEqualTypeOf<'update' | 'get' | 'list' | 'watch'>();
    expectTypeOf<keyof ReturnType<typeof ops.noops>>().toEqualTypeOf<never>();
    const misuse = (r: Report) => {
      // @ts-expect-error readonly kinds cannot be written
      void reports.update(r);
      // @ts-expect-error skipVerbs: deleteCollection
      void jobs.deleteCollection();
    };
    expectTypeOf(misuse).toBeFunction();
  });

  test('the static constructors return the generated Clientset, not the runtime base', () => {
    // Never called: only the inferred types matter.
    const fromConfig = () => Clientset.fromConfig({ host: 'https://127.0.0.1:6443' });
    const fromKubeconfig = () => Clientset.fromKubeconfig({ context: 'dev' });
    const ops = () => OpsClientset.fromConfig({ host: 'https://127.0.0.1:6443', qps: 50 }, { maxRetries: 3 });
    expectTypeOf(fromConfig).returns.toEqualTypeOf<Clientset>();
    expectTypeOf(fromKubeconfig).returns.toEqualTypeOf<Clientset>();
    expectTypeOf(ops).returns.toEqualTypeOf<OpsClientset>();
    expectTypeOf(fromConfig).returns.toHaveProperty('demoV1alpha1');
    // @ts-expect-error a fake clientset is made by newSimpleClientset, never from a config
    const fakeFromConfig = () => FakeClientset.fromConfig({ host: 'https://127.0.0.1:6443' });
    expectTypeOf(fakeFromConfig).toBeFunction();
    expectTypeOf(newSimpleClientset).returns.toHaveProperty('demoV1alpha1');
    expectTypeOf(newSimpleClientset).returns.toHaveProperty('prependReactor');
  });

  test('extra methods (+genclient:method) are typed by their subresource operation, signal last', () => {
    const core = new KubeClientset(provider).coreV1();
    const accounts = core.serviceAccounts('a');
    expectTypeOf(accounts.createToken).parameters.toEqualTypeOf<
      [name: string, tokenRequest: TokenRequest, opts?: CreateOptions, signal?: AbortSignal]
    >();
    expectTypeOf(accounts.createToken).returns.resolves.toEqualTypeOf<TokenRequest>();
    const pods = core.pods('a');
    expectTypeOf(pods.createEviction).returns.resolves.toEqualTypeOf<Eviction>();
    expectTypeOf(pods.updateResize).parameters.toEqualTypeOf<
      [name: string, pod: Pod, opts?: UpdateOptions, signal?: AbortSignal]
    >();
    const jobs = new OpsClientset(provider).operationsV1().jobs();
    expectTypeOf(jobs.getLogs).returns.resolves.toEqualTypeOf<Job>();
    const misuse = (p: Pod) => {
      // @ts-expect-error an eviction takes an Eviction, not a pod's spec
      void pods.createEviction('x', { spec: p.spec });
      // @ts-expect-error extra methods exist only where the API (or the config) declares them
      void core.configMaps('a').createToken('x', {});
    };
    expectTypeOf(misuse).toBeFunction();
  });
});
