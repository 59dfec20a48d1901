// Public API of the informers package: the SharedInformerFactory base, its GVR-keyed form and ready-made transforms.
export * from './gvr-informer-factory.js';
export * from './shared-informer-factory.js';
export * from './strip-managed-fields.js';
