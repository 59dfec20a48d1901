// MetadataSharedInformerFactory: shared informers that cache only the metadata of any resource (metadatainformer).
import { GroupVersionResourceInformerFactory, type ResourceInformer } from '../informers/gvr-informer-factory.js';
import type { PartialObjectMetadata } from './partial-object-metadata.js';

/** The informer and lister of one resource's metadata. */
export type MetadataInformer = ResourceInformer<PartialObjectMetadata>;

/**
 * client-go's metadatainformer factory over a {@link MetadataClient}: `forResource(gvr)` gives a shared informer
 * whose cache holds PartialObjectMetadata. Spec, status and data are never sent nor cached; managedFields are part of
 * the metadata, so the factory's `transform: stripManagedFields` saves the most after that.
 */
export class MetadataSharedInformerFactory extends GroupVersionResourceInformerFactory<PartialObjectMetadata> {}
