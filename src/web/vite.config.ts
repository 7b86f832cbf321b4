// Builds the page of `tessera serve` into dist/web (scripts/setup.sh runs it; the server reads it from there).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // one small bundle; no inline module preload script (the page's CSP allows scripts from files only)
    modulePreload: false,
    assetsInlineLimit: 0,
  },
  logLevel: 'warn',
});
