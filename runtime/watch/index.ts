// Public exports of watch decoding.

export * from './idle-watchdog.js';
export * from './watch-decoder.js';
export * from './watch-event-buffer.js';
