// Module: PyTorch-shaped containers of parameters, buffers and children, so that state-dict keys
// ("model.1.weight", "model.3.running_mean") match the reference implementation's exactly.
import { keep, noGrad, type Tensor } from '../engine/index.js';

export abstract class Module {
  training = true;
  readonly #params = new Map<string, Tensor | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #children = new Map<string, Module>();

  abstract forward(x: Tensor): Tensor;

  /** Registers a trainable tensor under `name` (kept out of tidy scopes, requires grad). */
  protected param(name: string, t: Tensor | null): Tensor {
    if (t) keep(t).requiresGrad_(true);
    this.#params.set(name, t);
    return t as Tensor;
  }

  /** Registers a state tensor that is saved but not trained (running statistics). */
  protected buffer(name: string, t: Tensor | null): Tensor {
    if (t) keep(t);
    this.#buffers.set(name, t);
    return t as Tensor;
  }

  protected child<M extends Module>(name: string, m: M): M {
    this.#children.set(name, m);
    return m;
  }

  children(): [string, Module][] { return [...this.#children]; }

  /** Every module in the tree, depth first, with its dotted name ('' for this one). */
  *modules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [n, c] of this.#children) yield* c.modules(prefix ? `${prefix}.${n}` : n);
  }

  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [p, m] of this.modules())
      for (const [n, t] of m.#params) if (t) out.push([p ? `${p}.${n}` : n, t]);
    return out;
  }

  parameters(): Tensor[] { return this.namedParameters().map(([, t]) => t); }

  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [p, m] of this.modules())
      for (const [n, t] of m.#buffers) if (t) out.push([p ? `${p}.${n}` : n, t]);
    return out;
  }

  /**
   * Parameters and buffers by PyTorch key, in PyTorch's order (each module's parameters, then its buffers,
   * then its children's). The tensors are the live ones: do not dispose.
   */
  stateDict(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [p, m] of this.modules())
      for (const [n, t] of [...m.#params, ...m.#buffers]) if (t) out.set(p ? `${p}.${n}` : n, t);
    return out;
  }

  /** Copies values in; every key must match in name and shape (strict, like PyTorch's default). */
  loadStateDict(sd: Map<string, Tensor>, { strict = true, source = 'state dict' } = {}): void {
    const own = this.stateDict();
    if (strict) {
      const missing = [...own.keys()].filter((k) => !sd.has(k));
      const unexpected = [...sd.keys()].filter((k) => !own.has(k));
      if (missing.length || unexpected.length)
        throw new Error(`${source}: keys do not match the model` +
          (missing.length ? `; missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}` : '') +
          (unexpected.length ? `; unexpected ${unexpected.slice(0, 5).join(', ')}${unexpected.length > 5 ? ` (+${unexpected.length - 5})` : ''}` : ''));
    }
    noGrad(() => {
      for (const [k, t] of own) {
        const src = sd.get(k);
        if (!src) continue;
        if (src.shape.join() !== t.shape.join())
          throw new Error(`${source}: ${k} has shape [${src.shape}], the model expects [${t.shape}]`);
        t.copy_(src);
      }
    });
  }

  /** Sets training mode on this module and every child (dropout and batch norm read it). */
  train(on = true): this {
    for (const [, m] of this.modules()) m.training = on;
    return this;
  }

  eval(): this { return this.train(false); }

  /** Frees every parameter and buffer. */
  dispose(): void {
    for (const [, t] of this.stateDict()) t.dispose();
  }

  /** Reassigns a registered parameter or buffer (used by initialisers and loaders). */
  protected replace(name: string, t: Tensor): void {
    if (this.#params.has(name)) { this.#params.get(name)?.dispose(); this.param(name, t); }
    else if (this.#buffers.has(name)) { this.#buffers.get(name)?.dispose(); this.buffer(name, t); }
    else throw new Error(`no parameter or buffer named ${name}`);
  }
}

/** Runs children in order; they are named '0', '1', … as in torch.nn.Sequential. */
export class Sequential extends Module {
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.child(String(i), m));
  }
  forward(x: Tensor): Tensor {
    for (const m of this.layers) x = m.forward(x);
    return x;
  }
}
