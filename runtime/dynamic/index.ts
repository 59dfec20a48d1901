// Public exports of the dynamic layer: the dynamic client over unstructured objects, its informer factory and the scale client.
export * from './dynamic-client.js';
export * from './dynamic-informer-factory.js';
export * from './scale-client.js';
export * from './unstructured.js';
