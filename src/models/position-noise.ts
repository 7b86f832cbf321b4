// A fixed standard-normal field keyed by pixel position, in the engine and as ONNX nodes: the noise plane a
// restorer reads in use, so that the same input always restores to the same output, yet the texture drawn
// from it does not repeat from block to block. Each pixel's key y·2¹⁶ + x goes through four rounds of
// h ← (h² + cᵢ) mod p (p = 2³¹ − 1: a square stays below 2⁶², so int64 holds it, and ONNX needs no bitwise
// ops, which opsets before 18 lack); rounds 3 and 4 give two uniforms, Box–Muller a normal value.
import { arange, call, type Tensor } from '../engine/index.js';
import type { OnnxWriter } from './onnx-form.js';
import { scalar } from './onnx-ops.js';

export const NOISE_PRIME = 2147483647;
export const NOISE_ROUNDS = [1013904223, 1664525, 22695477, 134775813] as const;
/** Widest input whose keys are all distinct (y·2¹⁶ + x stays below p for y < 2¹⁵). */
const KEY_ROW = 65536;
const TWO_POW_MINUS_31 = 2 ** -31;

/** h ↦ (h + 1) / 2³¹: a uniform in (0, 1], so the logarithm is finite. */
const uniform = (h: Tensor): Tensor => h.add(1).to('float32').mul(TWO_POW_MINUS_31);

/** The field over an h × w input, [1, 1, h, w] float32 on `device`. */
export function positionNoise(h: number, w: number, device = 'cpu'): Tensor {
  if (w > KEY_ROW) throw new Error(`position noise: inputs wider than ${KEY_ROW} px would repeat keys (got ${w})`);
  const ys = arange(h, { device }).mul(KEY_ROW).unsqueeze(1), xs = arange(w, { device }).unsqueeze(0);
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

/** The same field as ONNX nodes, sized from `x`'s H and W at run time and repeated over its batch: [N, 1, H, W]. */
export function emitPositionNoise(g: OnnxWriter, x: string): string {
  const shape = g.node('Shape', [x]);
  const int = (prefix: string, v: number) => g.ints(prefix, [v], []);
  const side = (axis: number) => g.node('Range', [int('zero', 0), g.node('Gather', [shape, int('axis', axis)], { axis: 0 }), int('one', 1)]);
  const ys = g.node('Unsqueeze', [g.node('Mul', [side(2), int('key_row', KEY_ROW)]), g.ints('axes', [1])]);
  const xs = g.node('Unsqueeze', [side(3), g.ints('axes', [0])]);
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
