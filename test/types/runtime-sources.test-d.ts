// Type-level tests: the dynamic and metadata clients are sources of the GVR-keyed informer factories (checked by tsc).
import { describe, expectTypeOf, test } from 'vitest';
import type {
  DynamicClient,
  DynamicListerWatcherSource,
  GroupVersionResourceSource,
  MetadataClient,
  PartialObjectMetadata,
  Unstructured,
} from '../../runtime/index.js';

describe('GVR-keyed informer factory sources (types only)', () => {
  test('DynamicClient serves unstructured objects, MetadataClient PartialObjectMetadata', () => {
    expectTypeOf<DynamicClient>().toMatchTypeOf<DynamicListerWatcherSource>();
    expectTypeOf<MetadataClient>().toMatchTypeOf<GroupVersionResourceSource<PartialObjectMetadata>>();
    // A metadata client is no source of full objects: its lists hold PartialObjectMetadata only.
    expectTypeOf<MetadataClient>().not.toMatchTypeOf<GroupVersionResourceSource<Unstructured & { data: string }>>();
  });
});
