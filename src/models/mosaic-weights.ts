// The learned detector's weights file: safetensors whose `__metadata__` holds the architecture
// (`tessera.mosaic-net`) and how it was trained, so `loadMosaicNet(file)` rebuilds the network alone.
// The shipped weights live in assets/ (made by `tessera train-detector`, see docs/mosaic-detector.md).
import { parseStrictJson } from '../io/strict-json.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { MosaicNet, type MosaicNetSpec } from './mosaic-net.js';
import { shippedAsset } from '../io/assets.js';

export const MOSAIC_NET_KEY = 'tessera.mosaic-net';

/** assets/mosaic-detector.safetensors of this checkout (found from dist/src/models or src/models). */
export function shippedDetectorFile(): string {
  return shippedAsset('mosaic-detector.safetensors', 'the learned mosaic detector');
}

export function saveMosaicNet(file: string, net: MosaicNet, meta: Record<string, string> = {}): void {
  saveSafetensors(file, net.stateDict(), { ...meta, [MOSAIC_NET_KEY]: JSON.stringify(net.spec) });
}

/** The network in eval mode (batch norm from its running statistics). */
export function loadMosaicNet(file: string): { net: MosaicNet; metadata: Record<string, string> } {
  const { tensors, metadata } = loadSafetensors(file);
  try {
    const raw = metadata[MOSAIC_NET_KEY];
    if (!raw) throw new Error(`${file}: no '${MOSAIC_NET_KEY}' metadata, so not a mosaic detector`);
    let spec: MosaicNetSpec;
    const parsed = parseStrictJson(raw, (why) => { throw new Error(`${file}: '${MOSAIC_NET_KEY}' metadata is not valid JSON (${why})`); }, { maxDepth: 4 });
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: '${MOSAIC_NET_KEY}' metadata is not a JSON object`);
    spec = parsed as MosaicNetSpec;
    let net: MosaicNet;
    try { net = new MosaicNet(spec); } catch (e) { throw new Error(`${file}: ${(e as Error).message}`); }
    try { net.loadStateDict(tensors, { source: file }); } catch (e) { net.dispose(); throw e; }
    return { net: net.eval(), metadata };
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}
