import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { F, tensor, tidy, type Tensor } from '../../../src/engine/index.js';
import type { PlanarImage } from '../../../src/image/cells.js';
import { Module } from '../../../src/nn/index.js';
import { EsrganPeer, esrganThickModelFile } from '../../../src/restore/peers/esrgan.js';
import { depthToSpace } from '../../../src/restore/peers/keras-model.js';
import { Mulberry32 } from '../../../src/util/rng.js';

test('depthToSpace puts channels in TensorFlow\'s order ((i·block + j)·C + c), which is not pixel_shuffle\'s', () => {
  // block 2, C = 1, a 1×2 image: channel k at column w holds 10k + w
  const x = tensor(Float32Array.from({ length: 8 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2)), [1, 4, 1, 2]);
  assert.deepEqual(tidy(() => [...(depthToSpace(x, 2).data() as Float32Array)]), [0, 10, 1, 11, 20, 30, 21, 31]);
  // block 2, C = 2, one pixel holding 0..7: colour c of sub-pixel (i, j) is input channel (2i + j)·2 + c
  const y = tensor(Float32Array.from({ length: 8 }, (_, i) => i), [1, 8, 1, 1]);
  assert.deepEqual(tidy(() => [...(depthToSpace(y, 2).data() as Float32Array)]), [0, 2, 4, 6, 1, 3, 5, 7]);
  assert.deepEqual(tidy(() => [...(F.pixelShuffle(y, 2).data() as Float32Array)]), [0, 1, 2, 3, 4, 5, 6, 7]);
  x.dispose();
  y.dispose();
});

/** A PNG of the package as planar RGB in [0, 1] (its alpha is opaque). */
async function planarPng(file: string): Promise<PlanarImage> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = info, out = new Float32Array(3 * W * H);
  for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) out[c * W * H + p] = data[p * 3 + c]! / 255;
  return { data: out, channels: 3, width: W, height: H };
}

test('the ×8 model on libtorch reproduces the package\'s own sample (fixture.png → samples/8x/result.png) to 1 grey level', async () => {
  const assets = path.join(path.dirname(esrganThickModelFile()), '..', '..', 'assets');
  const input = await planarPng(path.join(assets, 'fixture.png'));
  const expected = await planarPng(path.join(assets, 'samples', '8x', 'result.png'));
  const peer = EsrganPeer.load();
  try {
    const out = peer.upscale(input);
    assert.deepEqual([out.width, out.height], [expected.width, expected.height]);
    let max = 0, off = 0;
    for (let i = 0; i < out.data.length; i++) {
      const d = Math.abs(Math.round(out.data[i]! * 255) - Math.round(expected.data[i]! * 255));
      max = Math.max(max, d);
      if (d) off++;
    }
    // the sample is 8-bit: rounding moves a value by one level where the float sits near a half
    assert.ok(max <= 1, `max difference ${max} grey levels`);
    assert.ok(off / out.data.length < 1e-3, `${off} of ${out.data.length} values off by one`);
  } finally {
    peer.dispose();
  }
});

/** Stand-in for the network: nearest-neighbour ×8, so the peer's output is its cell means laid out by its grid. */
class Nearest8 extends Module { forward(x: Tensor): Tensor { return F.interpolate(x, { scale: 8 }); } }

test('restoreCrop lays the ×8 output on the crop\'s own cells, for any grid phase and cell size', () => {
  const W = 45, H = 37, rng = new Mulberry32(9);
  const crop: PlanarImage = { data: Float32Array.from({ length: 3 * W * H }, () => rng.random() * 2 - 1), channels: 3, width: W, height: H };
  const inside = new Float32Array(W * H).fill(1);
  const peer = new EsrganPeer(new Nearest8(), 'nearest');
  for (const [block, phaseX, phaseY] of [[8, 3, 5], [16, 11, 0], [8, 0, 0]] as const) {
    const out = peer.restoreCrop(crop, inside, { blockW: block, blockH: block, phaseX, phaseY });
    assert.deepEqual([out.width, out.height], [W, H]);
    // the mean of each pixel's cell, from the crop itself (cells cut by the crop's edge average what is inside)
    const cell = (v: number, phase: number) => Math.floor((v - phase) / block);
    for (let c = 0; c < 3; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      // 3 px away from cell edges: bicubic resizing (×2 at 16 px) blends across them only nearer
      const fx = (((x - phaseX) % block) + block) % block, fy = (((y - phaseY) % block) + block) % block;
      if (block > 8 && (Math.min(fx, block - 1 - fx) < 3 || Math.min(fy, block - 1 - fy) < 3)) continue;
      let s = 0, n = 0;
      for (let yy = 0; yy < H; yy++) for (let xx = 0; xx < W; xx++)
        if (cell(xx, phaseX) === cell(x, phaseX) && cell(yy, phaseY) === cell(y, phaseY)) { s += crop.data[c * W * H + yy * W + xx]!; n++; }
      const got = out.data[c * W * H + y * W + x]!;
      assert.ok(Math.abs(got - s / n) < 1e-5, `${block} px phase ${phaseX},${phaseY}: (${x}, ${y}, ${c}) = ${got}, cell mean ${s / n}`);
    }
  }
});
