// Public exports of the REST layer: config loading, the client, and the generic resource client.
export * from './in-cluster.js';
export * from './kubeconfig.js';
export * from './resource-client.js';
export * from './rest-client.js';
export * from './rest-config.js';
export * from './token-bucket.js';
