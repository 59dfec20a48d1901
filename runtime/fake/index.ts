// Public API of the fake clientset runtime (kgen/runtime/fake): object tracker, reactors, actions, fake discovery.
export * from './actions.js';
export * from './api-errors.js';
export * from './fake.js';
export * from './fake-discovery.js';
export * from './fake-resource-client.js';
export * from './fake-resource-client-provider.js';
export * from './fake-watch.js';
export { type FieldRequirement, FieldSelector, parseFieldSelector } from './field-selector.js';
export { applyJsonPatch, type JsonPatchOperation } from './json-patch.js';
export { applyMergePatch, applyStrategicMergePatch, hintLookup } from './merge-patch.js';
export { objectReaction, trackerWatchReaction } from './object-reaction.js';
export * from './object-tracker.js';
export * from './resource-registry.js';
export { applyMerge, serverSideApply } from './server-side-apply.js';
export { initialEventsEndAnnotation } from './watch-hub.js';
