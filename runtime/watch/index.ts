// Public exports of watch decoding.

export * from './idle-watchdog.js';
export * from './watch-decoder.js';
