// What one run of a tessera export is fed: its image 'input' and, for a network that reads position-keyed
// noise (restorer_cells --noise-input), the origin of the tile in the whole input, 'noise_origin'. A file
// exported before that input existed lacks it: it is fed the image alone and reads the noise from [0, 0].
import ort from 'onnxruntime-node';
import { NOISE_ORIGIN_INPUT, type NoiseOrigin } from '../models/position-noise.js';

/** `input` as 'input', and `origin` ([y, x]; [0, 0] for a whole image) as 'noise_origin' where the session takes one. */
export function exportFeeds(session: ort.InferenceSession, input: ort.Tensor, origin: NoiseOrigin = [0, 0]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = { input };
  if (session.inputNames.includes(NOISE_ORIGIN_INPUT)) feeds[NOISE_ORIGIN_INPUT] = new ort.Tensor('int64', BigInt64Array.from(origin, BigInt), [2]);
  return feeds;
}
