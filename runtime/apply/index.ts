// Public exports of server-side apply support: apply configuration types, extraction from managedFields, conflicts.
export * from './apply-configuration.js';
export * from './apply-conflict-error.js';
export * from './extract.js';
export * from './fields-v1.js';
