// Public API of gentype: the generics generated clientsets, listers and informers delegate to.

export * from './clientset-base.js';
export * from './discovery-interface.js';
export * from './extra-methods.js';
export * from './generic-informer.js';
export * from './resource-client.js';
export * from './resource-informer.js';
export * from './rest-provider.js';
