// tessera/image: the one image type (Raster), masks and boxes, pure pixel operations (pixelate, jump
// maps), and images <-> tensors.
export * from './raster.js';
export * from './open.js';
export * from './mask.js';
export * from './pixelate.js';
export * from './tensor.js';
export * from './jumps.js';
export * from './sheet.js';
