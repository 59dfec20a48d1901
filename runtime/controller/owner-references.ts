// Owner-reference helpers: find an object's controller, and build the controller reference for a new dependent.
import type { GroupVersionKind, KubernetesObject, ObjectMeta, OwnerReference } from '../api/meta.js';
import { apiVersionOf } from '../api/meta.js';
import { KubeError } from '../errors/api-error.js';

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function getControllerOf(obj: { metadata?: ObjectMeta | undefined }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** True if `owner` (by UID) is the controller of `obj`. */
export function isControlledBy(obj: { metadata?: ObjectMeta | undefined }, owner: KubernetesObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && owner.metadata?.uid !== undefined && ref.uid === owner.metadata.uid;
}

/** Thrown by {@link newControllerRef} when the owner has no name or UID yet (it was never persisted). */
export class OwnerReferenceError extends KubeError {
  constructor(message: string) {
    super('KUBE_OWNER_REFERENCE', message);
  }
}

/**
 * A controller owner reference to `owner` (metav1.NewControllerRef): `controller` and `blockOwnerDeletion` set,
 * so garbage collection deletes the dependent with its owner.
 */
export function newControllerRef(owner: KubernetesObject, gvk: GroupVersionKind): OwnerReference {
  const name = owner.metadata?.name;
  const uid = owner.metadata?.uid;
  if (!name || !uid) {
    throw new OwnerReferenceError(
      `owner ${gvk.kind} has no ${!name ? 'name' : 'uid'}; create it before referencing it`,
    );
  }
  return {
    apiVersion: apiVersionOf(gvk.group, gvk.version),
    kind: gvk.kind,
    name,
    uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
