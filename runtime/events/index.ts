// Public API of the event recorder.
export * from './core-event.js';
export * from './core-event-sink.js';
export * from './event-aggregator.js';
export * from './event-broadcaster.js';
export * from './event-correlator.js';
export * from './event-deduplicator.js';
export * from './event-recorder.js';
export * from './event-sink.js';
export * from './events-v1-event.js';
export * from './fake-recorder.js';
export * from './lru-cache.js';
export * from './series-event-broadcaster.js';
export * from './series-event-recorder.js';
export * from './series-event-sink.js';
export * from './spam-filter.js';
export * from './write-with-retries.js';
