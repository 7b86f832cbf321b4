// tessera/safety: the hook through which translate and restore refuse explicit input, and the checker
// built on the bundled classifier.
export * from './checker.js';
export * from './classifier.js';
