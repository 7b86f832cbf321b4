// Autograd entry points beyond Tensor.backward: gradients as values, and grad-mode scopes.
import { native } from './native.js';
import { Tensor } from './tensor.js';

/** Runs fn with gradient recording off (inference, optimizer updates, EMA copies). */
export function noGrad<T>(fn: () => T): T {
  const prev = native.setGradEnabled(false);
  try {
    return fn();
  } finally {
    native.setGradEnabled(prev);
  }
}

/** Runs fn with gradient recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  const prev = native.setGradEnabled(true);
  try {
    return fn();
  } finally {
    native.setGradEnabled(prev);
  }
}

export interface GradOptions {
  gradOutputs?: Tensor[];
  retainGraph?: boolean;
  /** Keeps the graph of the gradient itself, for gradient penalties (WGAN-GP). */
  createGraph?: boolean;
  allowUnused?: boolean;
}

/** d(sum of outputs)/d(inputs), like torch.autograd.grad. Unused inputs give null when allowUnused. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor[], o: GradOptions = {}): (Tensor | null)[] {
  const outs = [outputs].flat();
  const res = native.grad(outs.map((t) => t.handle), inputs.map((t) => t.handle),
    o.gradOutputs ? o.gradOutputs.map((t) => t.handle) : null, o.retainGraph, o.createGraph ?? false, o.allowUnused ?? false);
  return res.map((h) => (h ? new Tensor(h) : null));
}

/** Backward through several outputs at once (their gradients add). */
export function backward(outputs: Tensor[], o: { gradOutputs?: Tensor[]; retainGraph?: boolean; createGraph?: boolean } = {}): void {
  native.backward(outputs.map((t) => t.handle), o.gradOutputs ? o.gradOutputs.map((t) => t.handle) : null,
    o.retainGraph, o.createGraph ?? false);
}
