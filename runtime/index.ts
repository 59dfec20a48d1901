// Public API of the kgen runtime: every export a generated client or a controller author needs.
export * from './api/deep-copy.js';
export * from './api/meta.js';
export * from './api/options.js';
export * from './api/resource-info.js';
export * from './api/watch-event.js';
export type { DeepReadonly } from './cache/deep-readonly.js';
export * from './cache/index.js';
export * from './controller/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './informers/index.js';
export * from './labels/index.js';
export * from './leaderelection/index.js';
export * from './metrics/index.js';
export * from './util/abort.js';
export * from './util/clock.js';
export * from './util/logger.js';
export * from './workqueue/index.js';
