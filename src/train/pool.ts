// The image history buffer of Shrivastava et al., as CycleGAN uses it: discriminators see a mix of
// current and earlier fakes. Its RNG is our own and its contents are saved, so resume is exact.
import { cat, keep, type Tensor } from '../engine/index.js';
import { Sfc32, type RngState } from '../util/rng.js';

export class ImagePool {
  readonly images: Tensor[] = [];
  readonly rng: Sfc32;

  constructor(readonly size: number, seed = 0) {
    this.rng = new Sfc32(seed);
  }

  /**
   * Returns a batch as large as `batch`: until full, each image is stored and returned; when full,
   * with probability 0.5 a random stored image is returned and replaced by the new one.
   * The result is detached from the graph; size 0 returns the batch itself.
   */
  query(batch: Tensor): Tensor {
    if (this.size === 0) return batch;
    const out: Tensor[] = [];
    for (let i = 0; i < batch.shape[0]!; i++) {
      const image = batch.slice(0, i, i + 1).detach();
      if (this.images.length < this.size) {
        this.images.push(keep(image.clone()));
        out.push(image);
      } else if (this.rng.random() > 0.5) {
        const id = this.rng.int(0, this.size - 1);
        const old = this.images[id]!;
        out.push(old.clone());
        old.dispose();
        this.images[id] = keep(image.clone());
      } else {
        out.push(image);
      }
    }
    return cat(out, 0);
  }

  state(): { rng: RngState; count: number } {
    return { rng: this.rng.state(), count: this.images.length };
  }

  /** Restores the RNG and the stored images (copied; the caller keeps ownership of `images`). */
  load(st: { rng: RngState }, images: Tensor[]): void {
    this.dispose();
    this.rng.setState(st.rng);
    for (const t of images) this.images.push(keep(t.clone()));
  }

  dispose(): void {
    for (const t of this.images) t.dispose();
    this.images.length = 0;
  }
}
