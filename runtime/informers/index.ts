// Public API of the informers package: the SharedInformerFactory base and ready-made transforms.
export * from './shared-informer-factory.js';
export * from './strip-managed-fields.js';
