// The BRISQUE score: the 36 features (brisque.ts) scaled to [−1, 1] by the per-feature ranges of
// brisque_range_live.yml, then the ε-SVR with an RBF kernel of brisque_model_live.yml,
// Σ αᵢ·exp(−γ‖svᵢ − x‖²) − ρ. Both files are the LIVE-trained ones of OpenCV's quality module, read from
// Debian's opencv-data package (0 best, 100 worst; noise, blur and blocks raise it).
import { isMatrix, OpenCvStorageError, readOpenCvStorage, type StorageMap, type StorageValue } from '../io/opencv-storage.js';
import { BRISQUE_FEATURE_COUNT, brisqueFeatures } from './brisque.js';
import type { Raster } from './raster.js';

export const BRISQUE_LIVE_DIR = '/usr/share/opencv4/quality';
export const BRISQUE_LIVE_MODEL = `${BRISQUE_LIVE_DIR}/brisque_model_live.yml`;
export const BRISQUE_LIVE_RANGE = `${BRISQUE_LIVE_DIR}/brisque_range_live.yml`;

export interface BrisqueSvr { gamma: number; rho: number; alpha: Float64Array; supportVectors: Float64Array[] }
export interface BrisqueRange { min: Float64Array; max: Float64Array }

const N = BRISQUE_FEATURE_COUNT;

function field(map: StorageValue | undefined, key: string, fail: (why: string) => never): StorageValue {
  if (typeof map !== 'object' || Array.isArray(map) || isMatrix(map) || !Object.hasOwn(map, key)) return fail(`no '${key}'`);
  return (map as StorageMap)[key]!;
}

const numberList = (v: StorageValue, n: number, what: string, fail: (why: string) => never): Float64Array =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x))
    ? Float64Array.from(v as number[]) : fail(`${what} must be ${n} finite numbers`);

/** brisque_model_live.yml: an OpenCV ml SVM that is an ε-SVR with an RBF kernel over 36 features. */
export function readBrisqueSvr(file: string): BrisqueSvr {
  const fail = (why: string): never => { throw new OpenCvStorageError(file, `not a BRISQUE SVR model: ${why}`); };
  const svm = field(readOpenCvStorage(file), 'opencv_ml_svm', fail);
  const want = (key: string, v: string | number) => { if (field(svm, key, fail) !== v) fail(`${key} is ${String(field(svm, key, fail))}, not ${v}`); };
  want('format', 3); want('svmType', 'EPS_SVR'); want('var_count', N);
  const kernel = field(svm, 'kernel', fail);
  if (field(kernel, 'type', fail) !== 'RBF') fail(`kernel type ${String(field(kernel, 'type', fail))}, not RBF`);
  const gamma = field(kernel, 'gamma', fail);
  if (typeof gamma !== 'number' || !(gamma > 0)) fail('kernel gamma must be a positive number');
  const total = field(svm, 'sv_total', fail);
  if (!Number.isInteger(total) || (total as number) < 1) fail('sv_total must be a whole number ≥ 1');
  const svs = field(svm, 'support_vectors', fail);
  if (!Array.isArray(svs) || svs.length !== total) fail(`support_vectors must list sv_total = ${String(total)} vectors`);
  const supportVectors = (svs as StorageValue[]).map((v, i) => numberList(v, N, `support vector ${i}`, fail));
  const dfs = field(svm, 'decision_functions', fail);
  if (!Array.isArray(dfs) || dfs.length !== 1) fail('a regression model has exactly one decision function');
  const df = (dfs as StorageValue[])[0]!;
  if (field(df, 'sv_count', fail) !== total) fail('the decision function must use every support vector (sv_count = sv_total)');
  if (typeof df === 'object' && Object.hasOwn(df, 'index')) fail('a decision function with an index list is not read here');
  const rho = field(df, 'rho', fail);
  if (typeof rho !== 'number' || !Number.isFinite(rho)) fail('rho must be a finite number');
  return { gamma: gamma as number, rho: rho as number, alpha: numberList(field(df, 'alpha', fail), total as number, 'alpha', fail), supportVectors };
}

/** brisque_range_live.yml: a 2×36 matrix, each feature's minimum then maximum over the training set. */
export function readBrisqueRange(file: string): BrisqueRange {
  const fail = (why: string): never => { throw new OpenCvStorageError(file, `not a BRISQUE range file: ${why}`); };
  const m = field(readOpenCvStorage(file), 'range', fail);
  if (!isMatrix(m) || m.rows !== 2 || m.cols !== N) fail(`'range' must be a 2×${N} !!opencv-matrix`);
  const { data } = m as { data: number[] };
  const min = Float64Array.from(data.slice(0, N)), max = Float64Array.from(data.slice(N));
  for (let i = 0; i < N; i++) if (!(max[i]! > min[i]!)) fail(`feature ${i}: maximum ${max[i]} is not above minimum ${min[i]}`);
  return { min, max };
}

export class BrisqueScorer {
  constructor(readonly svr: BrisqueSvr, readonly range: BrisqueRange) {}

  /** The LIVE model from opencv-data (or the two files named). */
  static load(modelFile = BRISQUE_LIVE_MODEL, rangeFile = BRISQUE_LIVE_RANGE): BrisqueScorer {
    try {
      return new BrisqueScorer(readBrisqueSvr(modelFile), readBrisqueRange(rangeFile));
    } catch (e) {
      if (e instanceof OpenCvStorageError && e.why === 'not found' && e.file.startsWith(BRISQUE_LIVE_DIR))
        throw new OpenCvStorageError(e.file, 'not found: BRISQUE reads the LIVE model of Debian\'s opencv-data (apt-get install opencv-data)');
      throw e;
    }
  }

  /** The SVR's output for 36 raw features. */
  scoreFeatures(features: ArrayLike<number>): number {
    const { min, max } = this.range, { gamma, rho, alpha, supportVectors } = this.svr;
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = -1 + (2 * (features[i]! - min[i]!)) / (max[i]! - min[i]!);
    let s = -rho;
    for (let j = 0; j < supportVectors.length; j++) {
      const sv = supportVectors[j]!;
      let d = 0;
      for (let i = 0; i < N; i++) d += (sv[i]! - x[i]!) ** 2;
      s += alpha[j]! * Math.exp(-gamma * d);
    }
    return s;
  }

  /** BRISQUE of an 8-bit image, 0 (best) to 100 (worst), as OpenCV reports it: the SVR's output held to
   *  [0, 100], and 100 where a feature is undefined (a flat image has no contrast to fit). */
  score(r: Raster): number {
    const s = this.scoreFeatures(brisqueFeatures(r));
    return Number.isNaN(s) ? 100 : Math.min(100, Math.max(0, s));
  }
}
