// MobileNetV2 (Sandler et al. 2018) at width 1.4 with a 5-class head: the classifier nsfwjs ships as a TF
// graph (mobilenet_v2_mid), rebuilt layer for layer from that graph. Batch norm is already folded into
// each convolution's bias there, so every convolution here has a bias and there is no BatchNorm2d.
// It is used only to recognise explicit content, so that restore and translate can refuse it and censor
// can hide it (class activation maps, finders/); never to generate anything.
// Weights: assets/nsfw-mobilenet-v2.safetensors (scripts/convert-tfjs-models.mjs, docs/finders.md).
import { F, type Tensor } from '../engine/index.js';
import { Conv2d, Linear, Module } from '../nn/index.js';
import { ReLU6, SameConv2d } from './tf-layers.js';

export const MOBILENET_V2_SIZE = 224;
/** The classes in the head's order (nsfwjs'). */
export const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;

/** MobileNetV2's stages: expansion t, channels c at width 1, repeats n, first stride s (the paper's Table 2). */
const STAGES: [number, number, number, 1 | 2][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];

/** Channels rounded to a multiple of 8, never more than 10% below v (the reference's rule). */
export function makeDivisible(v: number, d = 8): number {
  const r = Math.max(d, Math.floor((v + d / 2) / d) * d);
  return r < 0.9 * v ? r + d : r;
}

/** [1×1 expand → ReLU6] → 3×3 depthwise → ReLU6 → 1×1 project (linear), plus the input when shapes allow. */
export class InvertedResidual extends Module {
  readonly expand: Conv2d | null;
  readonly depthwise: SameConv2d;
  readonly project: Conv2d;
  readonly relu6 = new ReLU6();
  readonly residual: boolean;
  constructor(readonly inC: number, readonly outC: number, readonly expansion: number, readonly stride: 1 | 2) {
    super();
    const hidden = inC * expansion;
    this.expand = expansion === 1 ? null : this.child('expand', new Conv2d(inC, hidden, 1));
    this.depthwise = this.child('depthwise', new SameConv2d(hidden, hidden, 3, { stride, groups: hidden }));
    this.project = this.child('project', new Conv2d(hidden, outC, 1));
    this.residual = stride === 1 && inC === outC;
  }
  forward(x: Tensor): Tensor {
    let h = x;
    if (this.expand) h = activate(this.expand.forward(x), this.relu6);
    const d = activate(this.depthwise.forward(h), this.relu6);
    if (h !== x) h.dispose();
    const p = this.project.forward(d);
    d.dispose();
    return this.residual ? p.add_(x) : p;
  }
}

function activate(x: Tensor, act: Module): Tensor {
  const y = act.forward(x);
  x.dispose();
  return y;
}

export class MobileNetV2 extends Module {
  readonly stem: SameConv2d;
  readonly blocks: InvertedResidual[];
  readonly head: Conv2d;
  readonly classifier: Linear;
  readonly relu6 = new ReLU6();
  readonly featureChannels: number;

  constructor(readonly width = 1.4, readonly classes: number = NSFW_CLASSES.length) {
    super();
    let c = makeDivisible(32 * width);
    this.stem = this.child('stem', new SameConv2d(3, c, 3, { stride: 2 }));
    const blocks: InvertedResidual[] = [];
    for (const [t, base, n, s] of STAGES) {
      const out = makeDivisible(base * width);
      for (let i = 0; i < n; i++) {
        blocks.push(this.child(`blocks.${blocks.length}`, new InvertedResidual(c, out, t, i === 0 ? s : 1)));
        c = out;
      }
    }
    this.blocks = blocks;
    this.featureChannels = makeDivisible(1280 * Math.max(1, width));
    this.head = this.child('head', new Conv2d(c, this.featureChannels, 1));
    this.classifier = this.child('classifier', new Linear(this.featureChannels, classes));
  }

  /** x: [N, 3, H, W] RGB in [0, 1] → the last feature map [N, 1792, H/32, W/32] (what a class activation map weighs). */
  features(x: Tensor): Tensor {
    const scaled = x.mul(2); // the graph's hub_input: x · 2 − 1
    const centred = scaled.sub(1);
    scaled.dispose();
    let h = activate(this.stem.forward(centred), this.relu6);
    centred.dispose();
    for (const b of this.blocks) {
      const next = b.forward(h);
      h.dispose();
      h = next;
    }
    return activate(this.head.forward(h), this.relu6);
  }

  /** Class logits from a feature map: global average pool → dense. */
  logitsFrom(features: Tensor): Tensor {
    const pooled = features.mean([2, 3]);
    const logits = this.classifier.forward(pooled);
    pooled.dispose();
    return logits;
  }

  /** x: [N, 3, 224, 224] RGB in [0, 1] → class probabilities [N, 5]. */
  forward(x: Tensor): Tensor {
    const f = this.features(x);
    const logits = this.logitsFrom(f);
    f.dispose();
    const p = logits.softmax(1);
    logits.dispose();
    return p;
  }
}

/**
 * The class activation maps of all classes at once (Zhou et al. 2016): CAM_c = Σ_k w_kc F_k, a 1×1
 * convolution of the feature map with the dense weights → [N, classes, H/32, W/32]. Bias left out, as in
 * the TF.js reference's rawCam (scripts/tfjs-finders.mjs). Its own module so that it exports to ONNX
 * beside the classifier.
 */
export class MobileNetV2ClassMaps extends Module {
  constructor(readonly net: MobileNetV2) { super(); this.child('net', net); }
  forward(x: Tensor): Tensor {
    const f = this.net.features(x);
    const w = this.net.classifier.weight;
    const kernel = w.reshape(w.shape[0]!, w.shape[1]!, 1, 1);
    const maps = F.conv2d(f, kernel);
    f.dispose();
    kernel.dispose();
    return maps;
  }
}
