// Public API of label selectors: parsing apimachinery's selector grammar and matching labels.
export * from './parser.js';
export * from './selector.js';
export * from './validation.js';
