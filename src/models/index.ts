// The GAN networks of pix2pix, CycleGAN and the rest of the family, their registry, initialisation and checkpoints.
export * from './norm.js';
export * from './init.js';
export * from './unet.js';
export * from './resnet.js';
export * from './patchgan.js';
export * from './pixel.js';
export * from './restorer.js';
export * from './registry.js';
export * from './checkpoint.js';
export * from './restorer-pair.js';
export * from './import.js';
export * from './cell-restorer.js';
export * from './sr-restorer.js';
export * from './discogan.js';
export * from './srgan.js';
export * from './cogan.js';
export * from './unit.js';
