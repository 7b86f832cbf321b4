// The classic first GAN, on tessera's library API: a generator learns a ring of 8 Gaussians in the plane
// from noise, against a discriminator that tells its points from real ones. Two small MLPs (nn), BCE on
// logits (F), Adam (engine), memory scopes (tidy); a picture of real vs generated points at a few steps.
//
//   node dist/examples/gan-2d.js [--steps 2000] [--out gan-2d.png] [--seed 0]
//
// In your own project the imports are 'tessera' and 'tessera/image' instead of the paths below.
import { Adam, F, manualSeed, noGrad, onesLike, randn, tensor, tidy, zerosLike, nn, type Tensor } from '../src/index.js';
import { contactSheet, writeRaster, type Raster } from '../src/image/index.js';
import { Sfc32 } from '../src/util/rng.js';

/** The target: 8 Gaussians of std 0.02 on a circle of radius 2. */
export const RING = { modes: 8, radius: 2, std: 0.02 };
export const ringCentre = (k: number): [number, number] =>
  [RING.radius * Math.cos((2 * Math.PI * k) / RING.modes), RING.radius * Math.sin((2 * Math.PI * k) / RING.modes)];

/** n points of the ring, [n, 2]. */
function sampleRing(n: number, rng: Sfc32): Tensor {
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = ringCentre(rng.int(0, RING.modes - 1));
    // Box–Muller for the Gaussian around the chosen centre
    const r = Math.sqrt(-2 * Math.log(1 - rng.random())) * RING.std, a = 2 * Math.PI * rng.random();
    xy[2 * i] = cx + r * Math.cos(a);
    xy[2 * i + 1] = cy + r * Math.sin(a);
  }
  return tensor(xy, [n, 2]);
}

const mlp = (inputs: number, outputs: number, width = 128) => new nn.Sequential(
  new nn.Linear(inputs, width), new nn.ReLU(), new nn.Linear(width, width), new nn.ReLU(), new nn.Linear(width, outputs));

/** How close a set of points is to the ring: mean distance to the nearest centre, and the modes that hold
 *  at least a quarter of their fair share of points within 0.4 of the centre (a collapsed generator
 *  covers one or two). */
export function ringScore(points: Float32Array): { meanDistance: number; modesCovered: number } {
  const n = points.length / 2, near = new Array<number>(RING.modes).fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity, bestK = 0;
    for (let k = 0; k < RING.modes; k++) {
      const [cx, cy] = ringCentre(k);
      const d = Math.hypot(points[2 * i]! - cx, points[2 * i + 1]! - cy);
      if (d < best) { best = d; bestK = k; }
    }
    sum += best;
    if (best < 0.4) near[bestK]!++;
  }
  return { meanDistance: sum / n, modesCovered: near.filter((c) => c >= n / RING.modes / 4).length };
}

/** A size×size scatter plot of [−3, 3]²: real points grey, generated ones orange, centres marked. */
function scatter(real: Float32Array, fake: Float32Array, size = 280): Raster {
  const img = { data: new Uint8Array(size * size * 3).fill(250), width: size, height: size, channels: 3 };
  const dot = (x: number, y: number, rgb: [number, number, number], r = 1) => {
    const px = Math.round(((x + 3) / 6) * (size - 1)), py = Math.round(((3 - y) / 6) * (size - 1));
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
      const u = px + dx, v = py + dy;
      if (u >= 0 && v >= 0 && u < size && v < size) img.data.set(rgb, (v * size + u) * 3);
    }
  };
  for (let i = 0; i < real.length; i += 2) dot(real[i]!, real[i + 1]!, [150, 150, 150]);
  for (let i = 0; i < fake.length; i += 2) dot(fake[i]!, fake[i + 1]!, [230, 110, 20]);
  return img;
}

export interface Gan2dOptions { steps: number; snapshots?: number[]; out?: string; seed?: number; batch?: number }
export interface Gan2dSnapshot { step: number; meanDistance: number; modesCovered: number }

/** Trains the GAN; at each snapshot step scores 1,000 generated points and draws them beside real ones. */
export async function trainGan2d(o: Gan2dOptions): Promise<Gan2dSnapshot[]> {
  const seed = o.seed ?? 0, batch = o.batch ?? 256;
  const snapshots = o.snapshots ?? [0, Math.round(o.steps / 4), Math.round(o.steps / 2), o.steps];
  manualSeed(seed);
  const rng = new Sfc32(seed);
  const G = mlp(2, 2), D = mlp(2, 1);
  const optG = new Adam(G.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const optD = new Adam(D.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const probe = randn([1000, 2]); // the same noise at every snapshot, so the pictures show one mapping move
  const result: Gan2dSnapshot[] = [], panels: Raster[] = [];
  for (let step = 0; step <= o.steps; step++) {
    if (snapshots.includes(step)) {
      const fake = noGrad(() => tidy(() => G.forward(probe).data() as Float32Array));
      const real = tidy(() => sampleRing(1000, rng).data() as Float32Array);
      result.push({ step, ...ringScore(fake) });
      panels.push(scatter(real, fake));
    }
    if (step === o.steps) break;
    tidy(() => {
      // D: real points → 1, generated → 0
      const real = sampleRing(batch, rng), fake = G.forward(randn([batch, 2]));
      optD.zeroGrad();
      const dReal = D.forward(real), dFake = D.forward(fake.detach());
      F.bceWithLogits(dReal, onesLike(dReal)).add(F.bceWithLogits(dFake, zerosLike(dFake))).backward();
      optD.step();
      // G: make D call its points real (the non-saturating loss); D's gradients are cleared before its next step
      optG.zeroGrad();
      const judged = D.forward(fake);
      F.bceWithLogits(judged, onesLike(judged)).backward();
      optG.step();
    });
  }
  probe.dispose();
  if (o.out) {
    const titles = result.map((s) => `step ${s.step}: ${s.modesCovered}/8 modes, d ${s.meanDistance.toFixed(2)}`);
    await writeRaster(o.out, await contactSheet(titles, [{ label: 'grey: the real ring of 8 Gaussians · orange: 1,000 generated points (the same noise each time) · d: mean distance to the nearest centre', images: panels }]));
  }
  G.dispose();
  D.dispose();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, d: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1]! : d; };
  const steps = Number(arg('--steps', '2000')), out = arg('--out', 'gan-2d.png');
  for (const s of await trainGan2d({ steps, out, seed: Number(arg('--seed', '0')) }))
    console.log(`step ${s.step}: mean distance to the nearest centre ${s.meanDistance.toFixed(3)}, modes covered ${s.modesCovered}/8`);
  console.log(`wrote ${out}`);
}
