// Public API of the workqueue package.
export * from './bucket-rate-limiter.js';
export * from './default-controller-rate-limiter.js';
export * from './delaying-queue.js';
export * from './item-exponential-failure-rate-limiter.js';
export * from './item-fast-slow-rate-limiter.js';
export * from './max-of-rate-limiter.js';
export * from './parallelize.js';
export * from './queue.js';
export { QueueMetrics, unfinishedWorkUpdatePeriodMs } from './queue-metrics.js';
export * from './rate-limiter.js';
export * from './rate-limiting-queue.js';
export * from './with-max-wait-rate-limiter.js';
