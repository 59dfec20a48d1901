// apimachinery definitions that map onto hand-written runtime types, and how generated code deep-copies each of them.
import type { RuntimeTypeName } from './api-model.js';

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** OpenAPI definition name → runtime type (runtime/api/meta.ts). */
export const runtimeDefinitions: ReadonlyMap<string, RuntimeTypeName> = new Map<string, RuntimeTypeName>([
  [`${meta}ObjectMeta`, 'ObjectMeta'],
  [`${meta}ListMeta`, 'ListMeta'],
  [`${meta}Time`, 'Time'],
  [`${meta}MicroTime`, 'MicroTime'],
  [`${meta}Condition`, 'Condition'],
  [`${meta}LabelSelector`, 'LabelSelector'],
  [`${meta}LabelSelectorRequirement`, 'LabelSelectorRequirement'],
  [`${meta}OwnerReference`, 'OwnerReference'],
  [`${meta}ManagedFieldsEntry`, 'ManagedFieldsEntry'],
  [`${meta}Status`, 'Status'],
  [`${meta}StatusCause`, 'StatusCause'],
  [`${meta}StatusDetails`, 'StatusDetails'],
  ['io.k8s.apimachinery.pkg.api.resource.Quantity', 'Quantity'],
  ['io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'IntOrString'],
  ['io.k8s.apimachinery.pkg.runtime.RawExtension', 'RawExtension'],
]);

/**
 * The runtime copier of each runtime type (runtime/api/deep-copy.ts); `null` for immutable aliases of primitives.
 * RawExtension has no fixed shape, so it is copied by the generic JSON copier.
 */
export const runtimeCopiers: Readonly<Record<RuntimeTypeName, string | null>> = {
  ObjectMeta: 'deepCopyObjectMeta',
  ListMeta: 'deepCopyListMeta',
  Time: null,
  MicroTime: null,
  Quantity: null,
  IntOrString: null,
  Condition: 'deepCopyCondition',
  LabelSelector: 'deepCopyLabelSelector',
  LabelSelectorRequirement: 'deepCopyLabelSelectorRequirement',
  OwnerReference: 'deepCopyOwnerReference',
  ManagedFieldsEntry: 'deepCopyManagedFieldsEntry',
  Status: 'deepCopyStatus',
  StatusCause: 'deepCopyStatusCause',
  StatusDetails: 'deepCopyStatusDetails',
  RawExtension: 'deepCopyJson',
};
