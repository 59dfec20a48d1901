// An event handler for dependents that enqueues their controlling owner (sample-controller's handleObject).
import type { KubernetesObject } from '../api/meta.js';
import { isDeletedFinalStateUnknown } from '../api/meta.js';
import type { DeepReadonly } from '../cache/deep-readonly.js';
import type { ResourceEventHandler } from '../cache/event-handler.js';
import { getControllerOf } from './owner-references.js';

/** Options of {@link enqueueOwner}. */
export interface EnqueueOwnerOptions {
  /** The owner's API group ('' for core) and kind; references to other kinds are ignored. */
  ownerGroup: string;
  ownerKind: string;
  /** Receives the owner's `namespace/name` key (owners are in the dependent's namespace). */
  enqueue: (key: string) => void;
  /**
   * Checks that the owner still exists (typically a lister lookup); a dependent whose owner is gone is ignored.
   * @default every owner is assumed to exist
   */
  ownerExists?: (namespace: string, name: string) => boolean;
  /** Also enqueue on resync updates whose resourceVersion did not change. @default false */
  includeResyncs?: boolean;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * A handler for an informer of dependents: on add, update and delete (tombstones unwrapped) it looks up the
 * dependent's controller reference and enqueues that owner's key when it is of the wanted kind.
 */
export function enqueueOwner<T extends KubernetesObject>(options: EnqueueOwnerOptions): ResourceEventHandler<T> {
  const handle = (obj: DeepReadonly<T> | T | undefined): void => {
    if (obj === undefined) {
      return;
    }
    const o = obj as KubernetesObject;
    const ref = getControllerOf(o);
    if (ref === undefined || ref.kind !== options.ownerKind || groupOf(ref.apiVersion) !== options.ownerGroup) {
      return;
    }
    const namespace = o.metadata?.namespace ?? '';
    if (options.ownerExists !== undefined && !options.ownerExists(namespace, ref.name)) {
      return;
    }
    options.enqueue(namespace === '' ? ref.name : `${namespace}/${ref.name}`);
  };
  return {
    onAdd: (obj) => handle(obj),
    onUpdate: (oldObj, newObj) => {
      const oldRv = (oldObj as KubernetesObject).metadata?.resourceVersion;
      const newRv = (newObj as KubernetesObject).metadata?.resourceVersion;
      if (!options.includeResyncs && oldRv !== undefined && oldRv === newRv) {
        return;
      }
      handle(newObj);
    },
    onDelete: (obj) => {
      if (isDeletedFinalStateUnknown<DeepReadonly<T>>(obj)) {
        handle(obj.obj);
        return;
      }
      handle(obj);
    },
  };
}
