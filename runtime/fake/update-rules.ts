// What the API server lets an update change: server-owned metadata kept, status per subresource, generation bumps.
import { deepCopyJson } from '../api/deep-copy.js';
import type { KubernetesObject } from '../api/meta.js';
import { compact, specChanged } from './object-meta.js';
import type { ResolvedResource } from './resource-registry.js';

/**
 * The object an update stores: `o` for the main resource (keeping the old status when the status subresource
 * exists), or the old object with `o`'s status for `sub: 'status'`; identity, timestamps and managedFields come from
 * `old`, and generation grows when anything but metadata (and status) changed.
 */
export function prepareUpdate(
  res: ResolvedResource,
  old: KubernetesObject,
  o: KubernetesObject,
  sub: 'status' | undefined,
): KubernetesObject {
  let next: KubernetesObject;
  if (sub === 'status') {
    next = deepCopyJson(old);
    const status = (o as { status?: unknown }).status;
    if (status === undefined) {
      delete (next as { status?: unknown }).status;
    } else {
      (next as { status?: unknown }).status = deepCopyJson(status);
    }
  } else {
    next = o;
    if (res.statusSubresource) {
      const status = (old as { status?: unknown }).status;
      if (status === undefined) {
        delete (next as { status?: unknown }).status;
      } else {
        (next as { status?: unknown }).status = deepCopyJson(status);
      }
    }
  }
  const om = old.metadata ?? {};
  next.apiVersion = res.apiVersion;
  next.kind = res.kind;
  const deleting = om.deletionTimestamp !== undefined;
  next.metadata = compact({
    ...next.metadata,
    name: om.name,
    namespace: res.namespaced ? om.namespace : undefined,
    uid: om.uid,
    creationTimestamp: om.creationTimestamp,
    resourceVersion: om.resourceVersion,
    generation: (om.generation ?? 1) + (specChanged(old, next, res.statusSubresource) ? 1 : 0),
    managedFields: om.managedFields,
    deletionTimestamp: deleting ? om.deletionTimestamp : undefined,
    deletionGracePeriodSeconds: deleting ? om.deletionGracePeriodSeconds : undefined,
  });
  return next;
}
