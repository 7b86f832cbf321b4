// The training state JSON (`train_state.json`), checked field by field before a resume trusts it: a
// hand-edited or corrupted file must fail with one line naming it, not deep inside the trainer, and
// the network file names it lists must stay inside the checkpoint folder.
import { RunStateError, strictUtf8 } from '../io/format-error.js';
import { parseStrictJson } from '../io/strict-json.js';
import type { RunState } from './checkpoint.js';

export const RUN_STATE_FORMAT = 'tessera-train-state/1';
/** Far above any real file (a few KB); refused before it is read. */
export const MAX_RUN_STATE_BYTES = 64 * 2 ** 20;
/** The reference pool holds 50 images; a count past this is not a pool. */
const MAX_POOL_IMAGES = 100_000;

type Check = (v: unknown, at: string) => void;

/** Checks the bytes of a train_state.json: UTF-8, then parseRunState. */
export function decodeRunState(bytes: Uint8Array, file: string): RunState {
  if (bytes.length > MAX_RUN_STATE_BYTES) throw new RunStateError(file, `larger than ${MAX_RUN_STATE_BYTES} bytes, so not a training state`);
  const text = strictUtf8(bytes);
  if (text === null) throw new RunStateError(file, 'not UTF-8 text');
  return parseRunState(text, file);
}

/** Parses and checks the text of a train_state.json; `file` names it in a `RunStateError`. */
export function parseRunState(text: string, file: string): RunState {
  const fail = (why: string): never => { throw new RunStateError(file, why); };
  const json = parseStrictJson(text, (why) => fail(`not valid JSON (${why})`));
  const is = (ok: boolean, what: string): Check => (v, at) => { if (!ok) fail(`${at} is ${describe(v)}, not ${what}`); };
  const count: Check = (v, at) => is(Number.isSafeInteger(v) && (v as number) >= 0, 'a non-negative integer')(v, at);
  const finite: Check = (v, at) => is(typeof v === 'number' && Number.isFinite(v), 'a finite number')(v, at);
  const string: Check = (v, at) => is(typeof v === 'string', 'a string')(v, at);
  const object = (fields: Record<string, Check>, optional: string[] = []): Check => (v, at) => {
    is(isRecord(v), 'an object')(v, at);
    for (const [k, check] of Object.entries(fields)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined && optional.includes(k)) continue;
      if (!Object.hasOwn(v as object, k)) fail(`${at} lacks "${k}"`);
      check(x, `${at}.${k}`);
    }
  };
  const recordOf = (check: Check): Check => (v, at) => {
    is(isRecord(v), 'an object')(v, at);
    for (const [k, x] of Object.entries(v as object)) check(x, `${at}.${k}`);
  };
  const listOf = (check: Check, length?: number): Check => (v, at) => {
    is(Array.isArray(v) && (length === undefined || v.length === length), length === undefined ? 'a list' : `a list of ${length}`)(v, at);
    (v as unknown[]).forEach((x, i) => check(x, `${at}[${i}]`));
  };
  const any: Check = () => {};
  // The checkpoint folder's own file names only: no separators, no "..", no absolute paths.
  const networkFile: Check = (v, at) => is(typeof v === 'string' && /^[\w-][\w.-]*\.safetensors$/.test(v) && !v.includes('..'), 'a .safetensors file name inside the checkpoint')(v, at);

  object({
    format: (v, at) => { if (v !== RUN_STATE_FORMAT) fail(`unknown format ${describe(v)} at ${at}`); },
    model: string,
    options: object({ epochLoss: object({ sum: finite, count }) }, ['epochLoss']),
    epoch: count, batchInEpoch: count, iteration: count,
    // best is Infinity until the plateau policy has seen an epoch, which JSON writes as null
    scheduler: object({ epoch: count, factor: finite, best: (v, at) => { if (v !== null) finite(v, at); }, badEpochs: count }),
    data: object({ seed: (v, at) => is(Number.isSafeInteger(v), 'an integer')(v, at), epoch: count, batchInEpoch: count }),
    trainer: object({
      optimizers: recordOf(object({ lr: finite, betas: listOf(finite, 2), eps: finite, weightDecay: finite, steps: listOf(count) })),
      pools: recordOf(object({
        rng: listOf((v, at) => is(Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32, 'a 32-bit word')(v, at), 4),
        count: (v, at) => { count(v, at); if ((v as number) > MAX_POOL_IMAGES) fail(`${at} is ${v}, past ${MAX_POOL_IMAGES} images`); },
      })),
      recipe: recordOf(any),
    }, ['recipe']),
    networks: recordOf(networkFile),
  })(json, 'the state');
  return json as RunState;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v)).slice(0, 40));
