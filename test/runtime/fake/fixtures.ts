// Shared resources and objects for the fake runtime's tests: a namespaced CRD with status and scale, a cluster-scoped kind, ConfigMaps.
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { ObjectTracker, type ObjectTrackerOptions, type ResourceRegistration } from '../../../runtime/fake/index.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';

export const widgets: ResourceRegistration = {
  gvr: { group: 'demo.kgen.io', version: 'v1alpha1', resource: 'widgets' },
  kind: 'Widget',
  namespaced: true,
  statusSubresource: true,
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.selector',
  },
  selectableFields: ['.spec.color'],
  mergeHints: {
    '.spec.ports': { listType: 'map', keys: ['name'] },
    '.spec.tags': { listType: 'set' },
  },
};

export const gadgets: ResourceRegistration = {
  gvr: { group: 'demo.kgen.io', version: 'v1', resource: 'gadgets' },
  kind: 'Gadget',
  namespaced: false,
};

export const configMaps: ResourceRegistration = {
  gvr: { group: '', version: 'v1', resource: 'configmaps' },
  kind: 'ConfigMap',
  namespaced: true,
};

export interface WidgetSpec {
  color?: string;
  replicas?: number;
  ports?: { name: string; port?: number; protocol?: string }[];
  tags?: string[];
  args?: string[];
}

export interface Widget extends KubernetesObject {
  spec?: WidgetSpec;
  status?: { phase?: string; replicas?: number; selector?: string };
}

export function widget(
  name: string,
  namespace = 'default',
  spec: WidgetSpec = {},
  labels?: Record<string, string>,
): Widget {
  return {
    apiVersion: 'demo.kgen.io/v1alpha1',
    kind: 'Widget',
    metadata: { name, namespace, ...(labels !== undefined ? { labels } : {}) },
    spec,
  };
}

/** A deterministic random source (a linear congruential generator), so uids and generated names are reproducible. */
export function seededRandom(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function newTracker(options: ObjectTrackerOptions = {}): { tracker: ObjectTracker; clock: FakeClock } {
  const clock = new FakeClock();
  const tracker = new ObjectTracker({
    resources: [widgets, gadgets, configMaps],
    clock,
    random: seededRandom(),
    ...options,
  });
  return { tracker, clock };
}
