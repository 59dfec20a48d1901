// FakeResourceClientProvider: gentype's ResourceClientProvider over an ObjectTracker, with reactors and recorded actions.
import type { KubernetesList, KubernetesObject } from '../api/meta.js';
import type { ResourceClientMethods, ResourceClientProvider, ResourceRef } from '../gentype/resource-client.js';
import { Fake } from './fake.js';
import { FakeDiscovery, type FakeDiscoveryOptions } from './fake-discovery.js';
import { FakeResourceClient } from './fake-resource-client.js';
import { objectReaction, trackerWatchReaction } from './object-reaction.js';
import { ObjectTracker, type ObjectTrackerOptions } from './object-tracker.js';
import type { ResourceRegistration } from './resource-registry.js';

export interface FakeResourceClientProviderOptions {
  /** What the fake discovery reports as the server version. @default v1.35.0 */
  discovery?: FakeDiscoveryOptions;
  /** Register a resource the first time a client asks for it (from its ResourceRef). @default true */
  registerOnDemand?: boolean;
}

/**
 * The provider a fake clientset builds its typed clients on. Like client-go's fake clientsets, it installs the
 * tracker as the last reactor (`'*'`, `'*'`) and watch reactor, so reactors added with `prepend*` run first.
 */
export class FakeResourceClientProvider extends Fake implements ResourceClientProvider {
  private readonly objectTracker: ObjectTracker;
  private readonly fakeDiscovery: FakeDiscovery;
  private readonly registerOnDemand: boolean;

  constructor(tracker: ObjectTracker, options: FakeResourceClientProviderOptions = {}) {
    super();
    this.objectTracker = tracker;
    this.registerOnDemand = options.registerOnDemand ?? true;
    this.fakeDiscovery = new FakeDiscovery(tracker.registry, options.discovery);
    this.addReactor('*', '*', objectReaction(tracker));
    this.addWatchReactor('*', trackerWatchReaction(tracker));
  }

  /** The tracker behind the default reactors (client-go's Tracker()). */
  tracker(): ObjectTracker {
    return this.objectTracker;
  }

  /** Discovery answered from the tracker's registry. */
  discovery(): FakeDiscovery {
    return this.fakeDiscovery;
  }

  resource<T extends KubernetesObject, L = KubernetesList<T>>(
    ref: ResourceRef,
    namespace?: string,
  ): ResourceClientMethods<T, L> {
    if (this.registerOnDemand && this.objectTracker.registry.find(ref.gvr) === undefined) {
      this.objectTracker.register(ref);
    }
    return new FakeResourceClient<T, L>(this, ref.gvr, ref.namespaced ? (namespace ?? '') : '');
  }
}

/** Options of {@link newFakeProvider}: the tracker's, plus the resources and seed objects. */
export interface NewFakeProviderOptions extends ObjectTrackerOptions, FakeResourceClientProviderOptions {
  /** Objects added with tracker.add before any client call (client-go's NewSimpleClientset(objects...)). @default [] */
  objects?: readonly KubernetesObject[];
}

/** A tracker over `resources`, seeded with `objects`, and a provider over it: what a generated newSimpleClientset needs. */
export function newFakeProvider(
  resources: readonly ResourceRegistration[],
  options: NewFakeProviderOptions = {},
): FakeResourceClientProvider {
  const { objects = [], discovery, registerOnDemand, ...trackerOptions } = options;
  const tracker = new ObjectTracker({
    ...trackerOptions,
    resources: [...(trackerOptions.resources ?? []), ...resources],
  });
  for (const o of objects) {
    tracker.add(o);
  }
  return new FakeResourceClientProvider(tracker, {
    ...(discovery !== undefined ? { discovery } : {}),
    ...(registerOnDemand !== undefined ? { registerOnDemand } : {}),
  });
}
