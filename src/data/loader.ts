// Batches with prefetch: sample order and augmentation come from generators keyed by (seed, epoch,
// position), so an epoch can restart at any batch and yield exactly what an uninterrupted run would.
import { rngFor } from '../util/rng.js';
import { DecoderPool, ImageFileError, type DecodedImage } from './decoder.js';
import type { Dataset, Direction } from './datasets.js';

export interface LoaderOptions {
  batchSize: number;
  /** Shuffle each epoch (off with --serial-batches). */
  shuffle: boolean;
  seed: number;
  direction: Direction;
  /** Batches decoded ahead of the one in use. */
  prefetch?: number;
  workers?: number;
  /**
   * Data-parallel training: this rank's share of every epoch, as PyTorch's DistributedSampler takes it
   * (the order padded to a multiple of worldSize with its own first entries; rank r takes positions
   * r, r + worldSize, …). Each sample's augmentation is keyed by its position in the whole order, so
   * N ranks × batch b see exactly what one process × batch N·b sees.
   */
  shard?: { rank: number; worldSize: number };
  /**
   * Told of a sample whose file does not decode; the sample is left out of its batch (a batch with none
   * left is skipped) and training goes on. Without it the batch fails with the file's error (--strict).
   */
  onBadFile?: (file: string, message: string) => void;
}

export interface HostImage { data: Float32Array; shape: number[] }
export interface HostBatch {
  /** Network input and target after the direction is applied; B is absent for single datasets. */
  A: HostImage;
  B: HostImage | null;
  paths: string[];
  index: number;
  /** Milliseconds the consumer waited for this batch (0 when prefetch kept ahead). */
  waitMs: number;
}

const STREAM_ORDER = 1, STREAM_SAMPLE = 2;

export class DataLoader {
  readonly pool: DecoderPool;
  constructor(readonly dataset: Dataset, readonly o: LoaderOptions) {
    this.pool = new DecoderPool(o.workers);
  }

  get #world(): number { return this.o.shard?.worldSize ?? 1; }

  /** Samples this process reads per epoch. */
  get samplesPerEpoch(): number {
    return Math.ceil(this.dataset.length / this.#world);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.samplesPerEpoch / this.o.batchSize);
  }

  /** The sample order of an epoch (every rank's). */
  order(epoch: number): number[] {
    const n = this.dataset.length;
    return this.o.shuffle ? rngFor(this.o.seed, STREAM_ORDER, epoch).permutation(n) : Array.from({ length: n }, (_, i) => i);
  }

  /** Position in the epoch's order of this rank's `local`-th sample. */
  #position(local: number): number {
    return local * this.#world + (this.o.shard?.rank ?? 0);
  }

  /** Batch `b` of an epoch; null when every one of its samples had a file that does not decode. */
  async #load(epoch: number, order: number[], b: number): Promise<Omit<HostBatch, 'waitMs'> | null> {
    const first = b * this.o.batchSize, end = Math.min(first + this.o.batchSize, this.samplesPerEpoch);
    const allPositions = Array.from({ length: end - first }, (_, k) => this.#position(first + k));
    const tried = await Promise.all(allPositions.map((p) => {
      const sampleIndex = order[p % order.length]!;
      const rng = rngFor(this.o.seed, STREAM_SAMPLE, epoch, p);
      return Promise.all(this.dataset.jobs(sampleIndex, rng).map((j) => this.pool.decode(j))).then((r) => {
        const images = r.flat();
        return this.dataset.finish ? this.dataset.finish(sampleIndex, images) : images;
      }, (e: unknown) => {
        if (!(e instanceof ImageFileError) || !this.o.onBadFile) throw e;
        this.o.onBadFile(e.file, e.message);
        return null;
      });
    }));
    // the same files fail in every epoch and on every resume, so what is left of a batch is deterministic
    const indices = allPositions.filter((_, k) => tried[k] !== null).map((p) => order[p % order.length]!);
    const decoded = tried.filter((d): d is DecodedImage[] => d !== null);
    if (!decoded.length) return null;
    const paths = indices.map((i) => this.dataset.paths[i]!);
    let A = collate(decoded.map((d) => d[0]!), paths);
    let B = decoded[0]!.length > 1 ? collate(decoded.map((d) => d[1]!), paths) : null;
    if (this.o.direction === 'BtoA' && B) [A, B] = [B, A];
    return { A, B, paths, index: b };
  }

  /** Batches of one epoch from batch `start` on; `prefetch` batches decode ahead. */
  async *epoch(epoch: number, start = 0): AsyncGenerator<HostBatch> {
    const order = this.order(epoch);
    const ahead = Math.max(1, this.o.prefetch ?? 2);
    const queue: Promise<Omit<HostBatch, 'waitMs'> | null>[] = [];
    let next = start;
    const fill = () => {
      while (queue.length < ahead + 1 && next < this.batchesPerEpoch) {
        const p = this.#load(epoch, order, next++);
        p.catch(() => {}); // surfaced when awaited
        queue.push(p);
      }
    };
    fill();
    while (queue.length) {
      const t0 = performance.now();
      const batch = await queue.shift()!;
      const waitMs = performance.now() - t0;
      fill();
      if (batch) yield { ...batch, waitMs };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function collate(images: DecodedImage[], paths: string[]): HostImage {
  const [c, h, w] = images[0]!.shape;
  images.forEach((im, i) => {
    if (im.shape.join() !== images[0]!.shape.join())
      throw new Error(`${paths[i]}: decoded to [${im.shape}] but the batch holds [${images[0]!.shape}]; use batch size 1 or a preprocess mode that crops`);
  });
  const data = new Float32Array(images.length * c * h * w);
  images.forEach((im, i) => data.set(im.data, i * im.data.length));
  return { data, shape: [images.length, c, h, w] };
}
