// Training the learned mosaic detector on synthetic mosaics over real photos (synth.ts): Adam, per-pixel
// binary cross-entropy plus a soft Dice term (the figure that matters is the region's IoU, and Dice keeps
// small regions from drowning in background pixels), cosine learning-rate decay. Batch k is drawn from
// rngFor(seed, k), so a run stopped and resumed from its checkpoint sees the same batches as one that
// was not.
import fs from 'node:fs';
import path from 'node:path';
import { Adam, F, manualSeed, tensor, tidy, type AdamState, type Tensor } from '../engine/index.js';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import { rngFor } from '../util/rng.js';
import { inputChannels, type InputKind } from '../models/mosaic-input.js';
import { DEFAULT_MOSAIC_NET, MosaicNet } from '../models/mosaic-net.js';
import { loadPhotoBank, synthBatch } from '../data/mosaic-synth.js';
import { saveMosaicNet } from '../models/mosaic-weights.js';

export interface MosaicTrainOptions {
  photos: string[];
  /** Run folder: checkpoint.safetensors, loss_log.jsonl, and the final mosaic-detector.safetensors. */
  runDir: string;
  steps: number;
  batch: number;
  /** Side of the square training crops. */
  size: number;
  lr: number;
  seed: number;
  /** Steps between checkpoints. */
  saveEvery: number;
  widths?: number[];
  inputs?: InputKind;
  /** Share of crops blurred before the mosaic; share of batches through H.264 (synth.ts). */
  blur?: number;
  h264?: number;
  onStep?: (e: { step: number; steps: number; loss: number; lr: number }) => void;
  /** Aborted (e.g. on SIGINT): the run stops after the current step and writes a checkpoint. */
  signal?: AbortSignal;
}

export interface MosaicTrainResult { weights: string; step: number; resumedFrom: number; lastLoss: number }

/** Options that must match for a resume (steps may grow). */
const RESUME_KEYS = ['batch', 'size', 'lr', 'seed', 'widths', 'inputs', 'blur', 'h264'] as const;

export async function trainMosaicNet(o: MosaicTrainOptions): Promise<MosaicTrainResult> {
  const widths = o.widths ?? DEFAULT_MOSAIC_NET.widths, inputs = o.inputs ?? DEFAULT_MOSAIC_NET.inputs;
  const opts = { batch: o.batch, size: o.size, lr: o.lr, seed: o.seed, widths, inputs, blur: o.blur ?? 0, h264: o.h264 ?? 0 };
  const m = 2 ** (widths.length - 1);
  if (o.size % m) throw new Error(`--size must be a multiple of ${m}, got ${o.size}`);
  fs.mkdirSync(o.runDir, { recursive: true });
  const ckptFile = path.join(o.runDir, 'checkpoint.safetensors');
  const logFile = path.join(o.runDir, 'loss_log.jsonl');

  manualSeed(o.seed);
  const net = new MosaicNet({ net: 'mosaic-unet', widths, inputs });
  net.train();
  const adam = new Adam(net.parameters(), { lr: o.lr });
  let step = 0;
  if (fs.existsSync(ckptFile)) step = resume(ckptFile, net, adam, opts);
  const resumedFrom = step;
  const bank = await loadPhotoBank(o.photos, o.size);
  let lastLoss = NaN;
  const save = () => {
    const tensors = new Map<string, Tensor>();
    for (const [k, t] of net.stateDict()) tensors.set(`net.${k}`, t);
    const st = adam.state();
    for (const [k, t] of Object.entries(st.tensors)) tensors.set(`adam.${k}`, t);
    const { tensors: _, ...adamRest } = st;
    saveSafetensors(ckptFile, tensors, { step: String(step), options: JSON.stringify(opts), adam: JSON.stringify(adamRest) });
  };

  while (step < o.steps) {
    const lr = cosineLr(o.lr, step, o.steps);
    adam.lr = lr;
    const { x, y } = await synthBatch(bank, rngFor(o.seed, step), o.batch, o.size, { inputs, blur: opts.blur, h264: opts.h264 });
    const loss = tidy(() => {
      const input = tensor(x, [o.batch, inputChannels(inputs), o.size, o.size]), target = tensor(y, [o.batch, 1, o.size, o.size]);
      const logits = net.forward(input);
      const l = F.bceWithLogits(logits, target).add(softDiceLoss(logits, target));
      adam.zeroGrad();
      l.backward();
      adam.step();
      return l.item();
    });
    step++;
    lastLoss = loss;
    fs.appendFileSync(logFile, `${JSON.stringify({ step, loss, lr })}\n`);
    o.onStep?.({ step, steps: o.steps, loss, lr });
    const stop = o.signal?.aborted ?? false;
    if (step % o.saveEvery === 0 || step === o.steps || stop) save();
    if (stop) break;
  }
  const weights = path.join(o.runDir, 'mosaic-detector.safetensors');
  if (step >= o.steps) {
    net.eval();
    saveMosaicNet(weights, net, { steps: String(step), training: JSON.stringify(opts), photos: String(bank.length) });
  }
  adam.dispose();
  net.dispose();
  return { weights, step, resumedFrom, lastLoss };
}

/** 1 − Dice over the whole batch, on sigmoid probabilities. */
function softDiceLoss(logits: Tensor, target: Tensor): Tensor {
  const p = logits.sigmoid();
  const inter = p.mul(target).sum();
  const denom = p.sum().add(target.sum()).add(1);
  return inter.mul(2).add(1).div(denom).neg().add(1);
}

/** From lr down to 2% of it along half a cosine. */
export function cosineLr(lr: number, step: number, steps: number): number {
  return lr * (0.02 + 0.98 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));
}

function resume(file: string, net: MosaicNet, adam: Adam, opts: Record<string, unknown>): number {
  const { tensors, metadata } = loadSafetensors(file);
  try {
    const saved = JSON.parse(metadata.options ?? '{}');
    for (const k of RESUME_KEYS) {
      if (JSON.stringify(saved[k]) !== JSON.stringify(opts[k])) {
        throw new Error(`${file}: was trained with ${k} ${JSON.stringify(saved[k])}, not ${JSON.stringify(opts[k])}; use another run folder or the same options`);
      }
    }
    const pick = (prefix: string) => new Map([...tensors].filter(([k]) => k.startsWith(prefix)).map(([k, t]) => [k.slice(prefix.length), t]));
    net.loadStateDict(pick('net.'), { source: file });
    const adamTensors: Record<string, Tensor> = Object.fromEntries(pick('adam.'));
    adam.loadState({ ...(JSON.parse(metadata.adam!) as Omit<AdamState, 'tensors'>), tensors: adamTensors });
    return Number(metadata.step);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}
