// Public API of the metrics seam: the provider interface, its prom-client implementation, and the serving side.
export * from './informer-metrics.js';
export * from './metrics-provider.js';
export * from './metrics-server.js';
export * from './prometheus-metrics-provider.js';
export * from './rest-client-metrics.js';
