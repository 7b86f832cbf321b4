// A fixed standard-normal field keyed by pixel position, in the engine and as ONNX nodes: the noise plane a
// restorer reads in use, so that the same input always restores to the same output, yet the texture drawn
// from it does not repeat from block to block. Each pixel's key y·2¹⁶ + x goes through four rounds of
// h ← (h² + cᵢ) mod p (p = 2³¹ − 1: a square stays below 2⁶², so int64 holds it, and ONNX needs no bitwise
// ops, which opsets before 18 lack); rounds 3 and 4 give two uniforms, Box–Muller a normal value.
// The position is the pixel's place in the whole input a tile was cut from (the tile's origin + its offset in
// the tile), so overlapping tiles read the same noise where they overlap and tiles do not repeat each other.
import { arange, call, type Tensor } from '../engine/index.js';
import type { OnnxWriter } from './onnx-form.js';
import { scalar } from './onnx-ops.js';

export const NOISE_PRIME = 2147483647;
export const NOISE_ROUNDS = [1013904223, 1664525, 22695477, 134775813] as const;
/**
 * Keys wrap at 2¹⁶ columns and 2¹⁴ rows: every key is then below 2³⁰ < p / 2, where the first round's k ↦ k²
 * is one-to-one (k and p − k square alike: rows up to 2¹⁵ would mirror rows below 2¹⁴). The field repeats
 * with that period, far past any crop; within it no two positions share a key.
 */
export const NOISE_PERIOD = { rows: 16384, columns: 65536 } as const;
const TWO_POW_MINUS_31 = 2 ** -31;

/** Where a tile starts in the whole input, [y, x] px: the field is read from there. */
export type NoiseOrigin = readonly [y: number, x: number];

/** The ONNX graph input (int64 [2], [y, x]) that carries a tile's NoiseOrigin; a network with noise has it. */
export const NOISE_ORIGIN_INPUT = 'noise_origin';

/** h ↦ (h + 1) / 2³¹: a uniform in (0, 1], so the logarithm is finite. */
const uniform = (h: Tensor): Tensor => h.add(1).to('float32').mul(TWO_POW_MINUS_31);

const wrap = (t: Tensor, period: number): Tensor => call('aten::remainder.Scalar', [t, period]) as Tensor;

/** The field over an h × w input whose top-left pixel sits at `origin` ([y, x]), [1, 1, h, w] float32 on `device`. */
export function positionNoise(h: number, w: number, device = 'cpu', origin: NoiseOrigin = [0, 0]): Tensor {
  const [oy, ox] = origin;
  if (!(Number.isSafeInteger(oy) && Number.isSafeInteger(ox) && oy >= 0 && ox >= 0))
    throw new Error(`position noise: the origin must be whole pixels ≥ 0, got [${origin.join(', ')}]`);
  const ys = wrap(arange(h, { device }).add(oy), NOISE_PERIOD.rows).mul(NOISE_PERIOD.columns).unsqueeze(1);
  const xs = wrap(arange(w, { device }).add(ox), NOISE_PERIOD.columns).unsqueeze(0);
  let key: Tensor = ys.add(xs);
  const us: Tensor[] = [];
  for (const [i, c] of NOISE_ROUNDS.entries()) {
    key = call('aten::remainder.Scalar', [key.mul(key).add(c), NOISE_PRIME]) as Tensor;
    if (i >= 2) us.push(uniform(key));
  }
  const [u1, u2] = us as [Tensor, Tensor];
  const z = u1.log().mul(-2).sqrt().mul(call('aten::cos', [u2.mul(2 * Math.PI)]) as Tensor);
  return z.reshape(1, 1, h, w);
}

/**
 * The same field as ONNX nodes, sized from `x`'s H and W at run time, read from `origin` (an int64 [2] value,
 * [y, x]) and repeated over its batch: [N, 1, H, W].
 */
export function emitPositionNoise(g: OnnxWriter, x: string, origin: string): string {
  const shape = g.node('Shape', [x]);
  const int = (prefix: string, v: number) => g.ints(prefix, [v], []);
  // Range(0, side) + the origin's coordinate along that axis, wrapped at the field's period
  const side = (axis: number, period: number) => g.node('Mod', [g.node('Add', [
    g.node('Range', [int('zero', 0), g.node('Gather', [shape, int('axis', axis)], { axis: 0 }), int('one', 1)]),
    g.node('Gather', [origin, int('origin_axis', axis - 2)], { axis: 0 })]), int('noise_period', period)], { fmod: 0 });
  const ys = g.node('Unsqueeze', [g.node('Mul', [side(2, NOISE_PERIOD.rows), int('key_row', NOISE_PERIOD.columns)]), g.ints('axes', [1])]);
  const xs = g.node('Unsqueeze', [side(3, NOISE_PERIOD.columns), g.ints('axes', [0])]);
  let key = g.node('Add', [ys, xs]);
  const us: string[] = [];
  for (const [i, c] of NOISE_ROUNDS.entries()) {
    key = g.node('Mod', [g.node('Add', [g.node('Mul', [key, key]), int('noise_round', c)]), int('noise_prime', NOISE_PRIME)], { fmod: 0 });
    if (i >= 2) us.push(g.node('Mul', [g.node('Cast', [g.node('Add', [key, int('one', 1)])], { to: 1 }), scalar(g, 'two_pow_minus_31', TWO_POW_MINUS_31)]));
  }
  const radius = g.node('Sqrt', [g.node('Mul', [g.node('Log', [us[0]!]), scalar(g, 'minus_two', -2)])]);
  const z = g.node('Mul', [radius, g.node('Cos', [g.node('Mul', [us[1]!, scalar(g, 'two_pi', 2 * Math.PI)])])]);
  // [H, W] → [1, 1, H, W] → [N, 1, H, W]
  const batch = g.node('Concat', [g.node('Slice', [shape, g.ints('starts', [0]), g.ints('ends', [1])]), g.ints('ones', [1, 1, 1])], { axis: 0 });
  return g.node('Expand', [g.node('Unsqueeze', [z, g.ints('axes', [0, 1])]), batch]);
}
