// Training: losses, image pool, lr schedules, the pix2pix and CycleGAN trainers, checkpoints, the run loop.
export * from './losses.js';
export * from './local-gradient-energy.js';
export * from './pool.js';
export * from './schedulers.js';
export * from './trainer.js';
export * from './pix2pix.js';
export * from './cyclegan.js';
export * from './discogan.js';
export * from './dualgan.js';
export * from './srgan.js';
export * from './cogan.js';
export * from './unit.js';
export * from './checkpoint.js';
export * from './samples.js';
export * from './loop.js';
export * from './run-folder.js';
export * from './run.js';
export * from './networks.js';
export * from './plan.js';
export * from './defaults.js';
export * from './ddp.js';
export * from './launch.js';
// --model's resolver lives in models/ (running a model needs no training); re-exported for tessera/train's users
export { resolveModelFile, type ModelRole } from '../models/model-path.js';
export * from './run-log.js';
