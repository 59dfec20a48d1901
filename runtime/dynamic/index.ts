// Public exports of the dynamic layer: the dynamic client over unstructured objects and the scale client.
export * from './dynamic-client.js';
export * from './scale-client.js';
export * from './unstructured.js';
