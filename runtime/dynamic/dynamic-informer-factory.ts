// DynamicSharedInformerFactory: shared informers of unstructured objects for any resource, named by GroupVersionResource.
import {
  GroupVersionResourceInformerFactory,
  type GroupVersionResourceSource,
  type ResourceInformer,
} from '../informers/gvr-informer-factory.js';
import type { Unstructured } from './unstructured.js';

/** What the factory needs of a dynamic client; {@link DynamicClient} satisfies it. */
export type DynamicListerWatcherSource = GroupVersionResourceSource<Unstructured>;

/** The informer and lister of one resource over unstructured objects. */
export type DynamicInformer = ResourceInformer<Unstructured>;

/** client-go's dynamicinformer factory: `forResource(gvr)` gives the shared informer and lister of any resource. */
export class DynamicSharedInformerFactory extends GroupVersionResourceInformerFactory<Unstructured> {}
