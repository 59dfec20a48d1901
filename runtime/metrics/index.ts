// Public API of the metrics seam.
export * from './metrics-provider.js';
export * from './prometheus-metrics-provider.js';
