// tessera/image: the one image type (Raster), masks and boxes, pure pixel operations (pixelate, jump
// maps), images <-> tensors, and the BRISQUE no-reference score.
export * from './raster.js';
export * from './open.js';
export * from './mask.js';
export * from './pixelate.js';
export * from './tensor.js';
export * from './jumps.js';
export * from './sheet.js';
export * from './brisque.js';
export * from './brisque-model.js';
