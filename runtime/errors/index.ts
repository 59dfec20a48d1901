// Public exports of the error model.
export * from './api-error.js';
export * from './network-error.js';
