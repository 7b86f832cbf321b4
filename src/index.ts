// The library's public entry: the engine, layers and file formats. Feature modules add their own subpaths.
export * from './engine/index.js';
export * as nn from './nn/index.js';
export * from './io/safetensors.js';
export { writeFileAtomic } from './io/atomic.js';
export { FormatError, SafetensorsError, ZipError, UnpicklingError, PthError, RunStateError } from './io/format-error.js';
