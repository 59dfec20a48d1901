// Public exports for tests: fake clock, and (with the envtest issue) a real API server for tests.
export * from './fake-clock.js';
