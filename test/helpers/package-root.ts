// Tests read a photo that ships in @vladmandic/human, a dev dependency (scripts/tfjs-finders.mjs).
export { packageRoot } from '../../src/io/package-root.js';
