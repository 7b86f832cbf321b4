// Builds the page of `tessera serve` into dist/web (scripts/setup.sh runs it; the server reads it from there).
// onnxruntime-web is bundled in its "extern wasm" form, and its WebAssembly runtime (the JSEP build: wasm
// kernels plus WebGPU) is copied from node_modules into dist/web/ort/, so the page fetches it from this
// server and works offline; nothing comes from a CDN at run time.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** The files onnxruntime-web's default build loads at run time. */
export const ORT_FILES = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

function copyOrtRuntime(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: 'tessera-copy-ort-runtime',
    generateBundle() {
      for (const name of ORT_FILES) {
        const file = require.resolve(`onnxruntime-web/${name}`);
        this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: fs.readFileSync(file) });
      }
    },
  };
}

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  // onnxruntime-web without its inlined glue: the .mjs and .wasm are loaded from /ort/ (copied above)
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  plugins: [copyOrtRuntime()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // one small bundle; no inline module preload script (the page's CSP allows scripts from files only)
    modulePreload: false,
    assetsInlineLimit: 0,
    // the page, and the bench page (`npm run bench -- web` times a network in the browser through it)
    rollupOptions: { input: { main: path.join(here, 'index.html'), bench: path.join(here, 'bench.html') } },
    chunkSizeWarningLimit: 1024,
  },
  logLevel: 'warn',
});
