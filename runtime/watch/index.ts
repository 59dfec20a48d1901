// Public exports of watch decoding.
export * from './watch-decoder.js';
