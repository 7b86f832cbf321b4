// The safety checker's real rule (Porn + Hentai >= 0.5) on stubbed probabilities, and the CLI's refusal
// with the real classifier made stricter (TESSERA_SAFETY_THRESHOLD=0 refuses every image): exit code,
// the file named, nothing written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { buildGenerator, generatorSpec, initWeights, saveModel } from '../../src/models/index.js';
import { classifierRule, safetyThresholdFromEnv } from '../../src/safety/index.js';

const blank = { data: new Uint8Array(3), width: 1, height: 1, channels: 3 };
/** Probabilities in the classifier's order: Drawing, Hentai, Neutral, Porn, Sexy. */
const probs = (p: Partial<Record<'Drawing' | 'Hentai' | 'Neutral' | 'Porn' | 'Sexy', number>>) =>
  [p.Drawing ?? 0, p.Hentai ?? 0, p.Neutral ?? 0, p.Porn ?? 0, p.Sexy ?? 0];

test('the rule: refused when Porn + Hentai reaches 0.5, whatever the other classes say', () => {
  const verdict = (p: number[]) => classifierRule(() => p, { threshold: 0.5 }).check(blank);
  assert.deepEqual(verdict(probs({ Porn: 0.3, Hentai: 0.2, Neutral: 0.5 })), { allowed: false, score: 0.5, reason: 'Porn+Hentai probability 0.50 >= 0.5' });
  assert.deepEqual(verdict(probs({ Porn: 0.25, Neutral: 0.75 })), { allowed: true, score: 0.25 }, 'the score comes with every verdict');
  assert.equal(verdict(probs({ Porn: 0.5, Neutral: 0.5 })).allowed, false);
  assert.equal(verdict(probs({ Hentai: 0.5, Drawing: 0.5 })).allowed, false);
  assert.equal(verdict(probs({ Porn: 0.3, Hentai: 0.19, Neutral: 0.51 })).allowed, true, 'just under');
  assert.equal(verdict(probs({ Sexy: 0.99, Porn: 0.01 })).allowed, true, 'Sexy is not a refused class');
  assert.equal(verdict(probs({ Drawing: 0.6, Hentai: 0.4 })).allowed, true);
  // a caller's own policy: other classes, other threshold
  assert.equal(classifierRule(() => probs({ Sexy: 0.8 }), { refuse: ['Sexy'], threshold: 0.7 }).check(blank).allowed, false);
});

test('TESSERA_SAFETY_THRESHOLD can only make the checker stricter', () => {
  assert.equal(safetyThresholdFromEnv({}), 0.5);
  assert.equal(safetyThresholdFromEnv({ TESSERA_SAFETY_THRESHOLD: '0.2' }), 0.2);
  assert.equal(safetyThresholdFromEnv({ TESSERA_SAFETY_THRESHOLD: '0' }), 0);
  for (const v of ['0.51', '1', '-0.1', 'off', 'NaN']) {
    assert.throws(() => safetyThresholdFromEnv({ TESSERA_SAFETY_THRESHOLD: v }), /may only make the checker stricter: a number from 0 to 0\.5/, v);
  }
  assert.equal(classifierRule(() => probs({ Porn: 0.25 }), { threshold: safetyThresholdFromEnv({ TESSERA_SAFETY_THRESHOLD: '0.2' }) }).check(blank).allowed, false);
});

test('restore and translate refuse through the real classifier: exit 1, one line naming the file, nothing written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-safety-'));
  // a smooth ramp: a plain picture to the classifier
  const px = Buffer.alloc(64 * 48 * 3);
  for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) for (let k = 0; k < 3; k++) px[(y * 64 + x) * 3 + k] = (x * 3 + y * 2 + k * 50) % 256;
  const photo = path.join(dir, 'plain.png');
  await sharp(px, { raw: { width: 64, height: 48, channels: 3 } }).png().toFile(photo);
  const model = path.join(dir, 'g.safetensors');
  const spec = generatorSpec({ netG: 'resnet_1blocks', ngf: 2, norm: 'instance' });
  const net = initWeights(buildGenerator(spec), { seed: 1 });
  saveModel(model, net, spec);
  net.dispose();
  const cli = path.resolve('dist/src/cli/main.js');
  const run = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TESSERA_THREADS: '1', ...env } });
    return { ...r, lines: r.stderr.split('\n').filter((l) => l.startsWith('tessera:')) };
  };
  const strict = { TESSERA_SAFETY_THRESHOLD: '0' };
  const restored = run(strict, 'restore', photo, '-o', path.join(dir, 'r.png'), '--model', 'bicubic');
  assert.equal(restored.status, 1, restored.stderr);
  assert.equal(restored.lines.length, 1, restored.stderr);
  assert.match(restored.lines[0]!, /plain\.png: refused: the input looks explicit \(Porn\+Hentai probability 0\.\d\d >= 0\); tessera does not restore explicit images/);
  const translated = run(strict, 'translate', '--model', model, photo, '-o', path.join(dir, 't.png'));
  assert.equal(translated.status, 1, translated.stderr);
  assert.equal(translated.lines.length, 1, translated.stderr);
  assert.match(translated.lines[0]!, /plain\.png: refused by the safety checker \(Porn\+Hentai probability 0\.\d\d >= 0\)/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['g.safetensors', 'plain.png'], 'nothing written');
  // the same photo at the real threshold goes through: the refusal above was the rule, not the photo
  const plain = run({}, 'translate', '--model', model, photo, '-o', path.join(dir, 't.png'));
  assert.equal(plain.status, 0, plain.stderr);
  fs.rmSync(path.join(dir, 't.png'));
  const loose = run({ TESSERA_SAFETY_THRESHOLD: '0.9' }, 'restore', photo, '-o', path.join(dir, 'r2.png'), '--model', 'bicubic');
  assert.equal(loose.status, 1);
  assert.match(loose.lines[0]!, /TESSERA_SAFETY_THRESHOLD is "0\.9"; it may only make the checker stricter/);
  assert.ok(!fs.existsSync(path.join(dir, 'r2.png')));
  fs.rmSync(dir, { recursive: true });
});
