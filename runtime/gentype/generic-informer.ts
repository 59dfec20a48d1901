// forResource support: the informer and lister of any resource of a generated factory, typed as KubernetesObject.
import type { GroupVersionResource, KubernetesObject } from '../api/meta.js';
import { type Lister, newLister } from '../cache/lister.js';
import type { SharedIndexInformer } from '../cache/shared-index-informer.js';
import { KubeError } from '../errors/api-error.js';
import type { SharedInformerFactory } from '../informers/shared-informer-factory.js';
import type { ResourceClientProvider, ResourceRef } from './resource-client.js';
import { resourceInformer, resourceKey } from './resource-informer.js';

/** An informer and lister without a static type (client-go's GenericInformer). */
export interface GenericInformer {
  informer(): SharedIndexInformer<KubernetesObject>;
  lister(): Lister<KubernetesObject>;
}

/** forResource was asked for a resource the generated factory does not know. */
export class NoInformerError extends KubeError {
  constructor(readonly gvr: GroupVersionResource) {
    super('NO_INFORMER', `no informer for resource ${gvr.group}/${gvr.version}/${gvr.resource}`);
  }
}

/** The generic informer of `gvr`, looked up in `refs` (the factory's resources, keyed by resourceKey). */
export function genericInformer(
  factory: SharedInformerFactory,
  provider: ResourceClientProvider,
  refs: readonly ResourceRef[],
  gvr: GroupVersionResource,
): GenericInformer {
  const wanted = `${gvr.group}/${gvr.version}/${gvr.resource}`;
  const ref = refs.find((r) => resourceKey(r) === wanted);
  if (ref === undefined) {
    throw new NoInformerError(gvr);
  }
  const informer = () => resourceInformer<KubernetesObject>(factory, provider, ref);
  return {
    informer,
    lister: () => newLister(informer().getIndexer(), { group: ref.gvr.group, resource: ref.gvr.resource }),
  };
}
