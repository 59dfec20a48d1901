// Public exports of the REST layer: config loading, auth, the client, the generic resource client and retries.
export * from './authenticator.js';
export * from './body-watch.js';
export * from './encode-query.js';
export * from './exec-credential.js';
export * from './in-cluster.js';
export * from './kubeconfig.js';
export * from './pod-logs.js';
export * from './query-params.js';
export * from './request-observer.js';
export * from './resource-client.js';
export * from './response-decode-error.js';
export * from './rest-client.js';
export * from './rest-config.js';
export * from './retry-on-conflict.js';
export * from './token-bucket.js';
export * from './watch-request.js';
