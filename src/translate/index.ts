// Applying trained generators to image files.
export * from './pad.js';
export * from '../safety/checker.js';
export * from './translate.js';
export * from './files.js';
export * from './run.js';
export * from './onnx.js';
