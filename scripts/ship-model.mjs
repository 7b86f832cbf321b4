// Turns a training checkpoint's generator into a shipped asset: float weights stored as float16 (half the
// bytes; loading converts them back to float32), the architecture metadata kept, provenance added.
// Usage: node scripts/ship-model.mjs CHECKPOINT/net_G.safetensors assets/NAME.safetensors [key=value …]
import { loadSafetensors, saveSafetensors } from '../dist/src/io/safetensors.js';

const [src, dst, ...pairs] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: node scripts/ship-model.mjs CHECKPOINT.safetensors OUT.safetensors [key=value …]');
  process.exit(2);
}
const { tensors, metadata } = loadSafetensors(src);
const out = new Map();
for (const [name, t] of tensors) out.set(name, t.dtype === 'float32' ? t.to('float16') : t);
const extra = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
saveSafetensors(dst, out, { ...metadata, 'tessera.storage': 'float16', ...extra });
console.log(`${dst}: ${out.size} tensors from ${src}`);
