// Public API of the kgen generator (library use); the CLI in cli.ts wraps it.
export {};
