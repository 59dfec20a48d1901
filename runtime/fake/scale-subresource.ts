// The `/scale` subresource of the fake: a Scale read from, and replicas written to, the registered JSON paths.
import type { KubernetesObject, Scale } from '../api/meta.js';
import { readPath } from './field-selector.js';
import { isJsonMap } from './merge-patch.js';
import { compact } from './object-meta.js';
import type { ResolvedResource } from './resource-registry.js';

/** The autoscaling/v1 Scale of `obj`. */
export function toScale(
  res: ResolvedResource,
  paths: NonNullable<ResolvedResource['scale']>,
  obj: KubernetesObject,
): Scale {
  const m = obj.metadata ?? {};
  const spec = readPath(obj, paths.specReplicasPath);
  const status = readPath(obj, paths.statusReplicasPath);
  const selector = paths.labelSelectorPath !== undefined ? readPath(obj, paths.labelSelectorPath) : undefined;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: compact({
      name: m.name,
      namespace: res.namespaced ? m.namespace : undefined,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    }),
    spec: { replicas: typeof spec === 'number' ? spec : 0 },
    status: {
      replicas: typeof status === 'number' ? status : 0,
      ...(typeof selector === 'string' ? { selector } : {}),
    },
  };
}

/** Sets the value at a `.a.b` path, creating maps on the way. */
export function writePath(obj: KubernetesObject, path: string, value: unknown): void {
  const parts = path.split('.').filter((p) => p !== '');
  let cur = obj as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (!isJsonMap(cur[p])) {
      cur[p] = {};
    }
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
}
