// Public API of the kgen runtime: every export a generated client or a controller author needs.
export * from './api/meta.js';
export * from './api/options.js';
export * from './api/watch-event.js';
export * from './errors/index.js';
export * from './util/abort.js';
export * from './util/clock.js';
export * from './util/logger.js';
