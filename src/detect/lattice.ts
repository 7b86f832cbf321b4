// Step 1 of the mosaic detector: which lattice (cell size and phase, per axis) do the image's sharp
// jumps sit on? For every boundary between two columns, count the rows where the jump across it is
// isolated (much larger than the jumps one pixel either side) and continues on the next row. Mosaic grid
// lines pile these counts up at x ≡ phase (mod block); photo edges spread them over all columns. The jumps
// themselves are image/jumps.ts's jump maps.

export interface Lattice { block: number; phase: number; score: number }

const MAX_CANDIDATES = 3; // lattices per axis handed to the cell stage
const MIN_SCORE = 0.05; // share of all jump evidence that must sit on one lattice

export interface Window { x0: number; y0: number; x1: number; y1: number }

/**
 * Evidence per line inside a window: per column (x jumps) or per row (y jumps, transpose), counted over
 * the window's pixels that are not excluded (regions already explained by another lattice).
 */
export function windowProfile(map: Uint8Array, W: number, win: Window, transpose: boolean, exclude: Uint8Array): Float64Array {
  const ev = new Float64Array(transpose ? win.y1 : win.x1);
  for (let y = win.y0; y < win.y1; y++) {
    for (let x = win.x0; x < win.x1; x++) {
      const i = y * W + x;
      if (map[i] && !exclude[i]) ev[transpose ? y : x]! += 1;
    }
  }
  return ev;
}

/** Line excess of a profile over [lo, hi) (each line's evidence above its two neighbours, less the average), and the total evidence. */
function lineExcess(ev: Float64Array, lo: number, hi: number): { excess: Float64Array; mu: number; total: number } {
  let total = 0;
  for (let g = lo; g < hi; g++) total += ev[g]!;
  const excess = new Float64Array(hi);
  for (let g = Math.max(1, lo); g < hi - 1; g++) excess[g] = Math.max(0, ev[g]! - (ev[g - 1]! + ev[g + 1]!) / 2);
  // Every line collects some excess from the picture itself; subtracting the average keeps a divisor
  // of the block (twice the lines) from scoring above the block.
  let mu = 0;
  for (let g = lo; g < hi; g++) mu += excess[g]!;
  mu /= hi - lo;
  return { excess, mu, total };
}

/** Per block size in [minB, maxB] (at least 3 lines inside [lo, hi)): its best phase and score, as latticeCandidates scores them. */
export function bestPhasePerBlock(ev: Float64Array, minB: number, maxB: number, lo = 0, hi = ev.length): Lattice[] {
  const { excess, mu, total } = lineExcess(ev, lo, hi);
  if (total < 20) return [];
  const out: Lattice[] = [];
  for (let b = minB; b <= maxB && b * 3 <= hi - lo; b++) {
    let best: Lattice | null = null;
    for (let p = 0; p < b; p++) {
      let s = 0;
      for (let g = lo + ((p - lo) % b + b) % b; g < hi; g += b) s += excess[g]! - mu;
      if (!best || s / total > best.score) best = { block: b, phase: p, score: s / total };
    }
    out.push(best!);
  }
  return out;
}

/**
 * Candidate lattices for an evidence profile, best first. Score: the evidence on the phase's lines in
 * excess of their neighbouring lines (less the average excess), summed, as a share of all evidence.
 * Multiples of the true block collect only part of it and divisors about the same, so the best and its
 * related lattices all go to the cell stage, which keeps the one that explains the most area.
 */
export function latticeCandidates(ev: Float64Array, minB: number, maxB: number, lo = 0, hi = ev.length): Lattice[] {
  const { excess, mu, total } = lineExcess(ev, lo, hi);
  if (total < 20) return [];
  const scores: Lattice[] = [];
  for (let b = minB; b <= maxB && b * 3 <= hi - lo; b++) {
    for (let p = 0; p < b; p++) {
      let s = 0;
      for (let g = lo + ((p - lo) % b + b) % b; g < hi; g += b) s += excess[g]! - mu;
      scores.push({ block: b, phase: p, score: s / total });
    }
  }
  if (!scores.length) return [];
  scores.sort((a, c) => c.score - a.score);
  const best = scores[0]!;
  if (best.score < MIN_SCORE) return [];
  // Candidates: the best lattice, and the lattices of its family (multiples and divisors that share its
  // lines) or others scoring near it. The cell stage decides between them.
  const related = (c: Lattice) => (c.block % best.block === 0 && c.phase % best.block === best.phase)
    || (best.block % c.block === 0 && best.phase % c.block === c.phase);
  const out = [best];
  for (const c of scores.slice(1)) {
    if (out.length >= MAX_CANDIDATES) break;
    if (c.score >= 0.5 * best.score && (related(c) || c.score >= 0.8 * best.score)) out.push(c);
  }
  return out;
}
