// Public API of leader election.
export * from './leader-election-config.js';
export * from './leader-election-record.js';
export * from './leader-elector.js';
export * from './lease-lock.js';
export * from './resource-lock.js';
