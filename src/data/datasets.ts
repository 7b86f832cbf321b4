// Datasets turn an index and a generator into decode jobs: aligned (A|B in one image), unaligned
// (trainA/ and trainB/, random or serial pairing) and single (one folder, A only).
import path from 'node:path';
import { assertPairedLayout, assertUnpairedLayout, listImages, phaseFolder } from './folders.js';
import type { DecodeJob, DecodedImage } from './decoder.js';
import type { TransformOptions } from './transform.js';
import type { Rng } from '../util/rng.js';

export type DatasetMode = 'aligned' | 'unaligned' | 'single';
export type Direction = 'AtoB' | 'BtoA';
export const DIRECTIONS: readonly Direction[] = ['AtoB', 'BtoA'];

export interface DatasetOptions {
  mode: DatasetMode;
  dataDir: string;
  phase?: string;
  direction: Direction;
  inputNc: number;
  outputNc: number;
  maxDatasetSize: number;
  /** Unaligned: pair A[i] with B[i % |B|] instead of a random B. */
  serialBatches: boolean;
  transform: TransformOptions;
}

/** The jobs of one sample; their decoded images, in order, are the sample's [A, B] (or [A]). */
export interface Dataset {
  readonly length: number;
  readonly paths: string[];
  jobs(index: number, rng: Rng): DecodeJob[];
  /** Turns a sample's decoded images into what the network takes (e.g. the restorer's extra channels). */
  finish?(index: number, images: DecodedImage[]): DecodedImage[];
}

const draws = (rng: Rng): [number, number, number] => [rng.random(), rng.random(), rng.random()];

export function openDataset(o: DatasetOptions): Dataset {
  // The network's input is A after the direction is applied; channels follow the network's sides.
  const btoA = o.direction === 'BtoA';
  const aNc = btoA ? o.outputNc : o.inputNc; // channels wanted for the file's A side
  const bNc = btoA ? o.inputNc : o.outputNc;
  if (o.mode === 'aligned') {
    assertPairedLayout(o.dataDir, o.phase);
    const files = listImages(phaseFolder(o.dataDir, o.phase), o.maxDatasetSize);
    return {
      length: files.length,
      paths: files,
      jobs: (i, rng) => [{ file: files[i]!, split: true, grayscale: [aNc === 1, bNc === 1], transform: o.transform, draws: draws(rng) }],
    };
  }
  if (o.mode === 'single') {
    const files = listImages(phaseFolder(o.dataDir, o.phase), o.maxDatasetSize);
    return {
      length: files.length,
      paths: files,
      jobs: (i, rng) => [{ file: files[i]!, split: false, grayscale: [o.inputNc === 1], transform: o.transform, draws: draws(rng) }],
    };
  }
  const phase = o.phase ?? 'train';
  assertUnpairedLayout(o.dataDir, phase);
  const filesA = listImages(path.join(o.dataDir, `${phase}A`), o.maxDatasetSize);
  const filesB = listImages(path.join(o.dataDir, `${phase}B`), o.maxDatasetSize);
  return {
    length: Math.max(filesA.length, filesB.length),
    paths: [...filesA, ...filesB],
    jobs: (i, rng) => {
      const a = filesA[i % filesA.length]!;
      const b = o.serialBatches ? filesB[i % filesB.length]! : filesB[rng.int(0, filesB.length - 1)]!;
      const jobA: DecodeJob = { file: a, split: false, grayscale: [aNc === 1], transform: o.transform, draws: draws(rng) };
      const jobB: DecodeJob = { file: b, split: false, grayscale: [bNc === 1], transform: o.transform, draws: draws(rng) };
      return [jobA, jobB];
    },
  };
}
