// The engine's public face: tensors, ops, autograd, memory scopes, runtime settings, optimizers, process groups.
export * from './dtype.js';
export * from './tensor.js';
export * from './scope.js';
export * from './autograd.js';
export * from './runtime.js';
export * as F from './functional.js';
export * from './optim.js';
export * from './distributed.js';
export * from './profile.js';
