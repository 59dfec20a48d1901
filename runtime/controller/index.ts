// Public API of the controller helpers.
export * from './action.js';
export * from './enqueue-owner.js';
export * from './owner-references.js';
export * from './run-controller.js';
