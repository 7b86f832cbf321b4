import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoxTracker, type TrackBox } from '../../src/util/box-tracker.js';
import { boxIou as iou } from '../../src/util/box.js';

/** A deterministic PRNG (mulberry32) and a Gaussian from it, so the jitter is the same every run. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

test('iou of hand-computed boxes', () => {
  assert.equal(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 }), 50 / 150);
  assert.equal(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: 20, w: 5, h: 5 }), 0);
});

test('tracking reduces jitter of a noisy moving box and bridges missed detections', () => {
  const noise = gaussian(7);
  const truth: TrackBox[] = [], raw: (TrackBox | null)[] = [];
  for (let t = 0; t < 120; t++) {
    const b = { x: 100 + 1.5 * t, y: 80 + 0.5 * t, w: 60, h: 70 };
    truth.push(b);
    // Every 10th frame the detector misses; otherwise it jitters by ~4 px.
    raw.push(t % 10 === 5 ? null : { x: b.x + 4 * noise(), y: b.y + 4 * noise(), w: b.w + 4 * noise(), h: b.h + 4 * noise() });
  }
  const tracker = new BoxTracker({ alpha: 0.4, maxMissed: 3 });
  const smoothed = raw.map((d) => tracker.update(d ? [d] : []));

  // Every frame has exactly one box: no flicker on misses, no duplicate tracks.
  assert.deepEqual(smoothed.map((s) => s.length), raw.map(() => 1));

  // Jitter = mean |second difference| of the x coordinate: how much the box shakes frame to frame.
  const jitter = (xs: number[]) => xs.slice(2).reduce((acc, x, i) => acc + Math.abs(x - 2 * xs[i + 1] + xs[i]), 0) / (xs.length - 2);
  const present = raw.map((d, i) => [d, smoothed[i][0]] as const).filter(([d]) => d !== null);
  const rawJitter = jitter(present.map(([d]) => d!.x));
  const smoothJitter = jitter(present.map(([, s]) => s.x));
  assert.ok(smoothJitter < 0.5 * rawJitter, `smoothed jitter ${smoothJitter.toFixed(2)} vs raw ${rawJitter.toFixed(2)}`);
  // And the smoothed box still follows the object (lag of an EMA on a 1.5 px/frame motion stays small).
  const meanIou = smoothed.reduce((acc, s, i) => acc + iou(s[0], truth[i]), 0) / truth.length;
  assert.ok(meanIou > 0.8, `mean IoU with the truth ${meanIou.toFixed(3)}`);
});

test('a track is dropped after maxMissed frames and separate objects keep separate tracks', () => {
  const tracker = new BoxTracker({ alpha: 1, maxMissed: 2 });
  const a = { x: 0, y: 0, w: 10, h: 10 }, b = { x: 50, y: 50, w: 10, h: 10 };
  assert.equal(tracker.update([a, b]).length, 2);
  assert.equal(tracker.update([a]).length, 2); // b missed once: kept
  assert.equal(tracker.update([a]).length, 2); // twice: kept
  assert.deepEqual(tracker.update([a]), [{ ...a, score: undefined, id: 0 }]); // third miss: dropped
  assert.deepEqual(tracker.update([]), [{ ...a, score: undefined, id: 0 }]);
  // With alpha 1 the box equals the latest matched detection exactly; the track keeps its id.
  const moved = { x: 2, y: 1, w: 10, h: 10 };
  assert.deepEqual(tracker.update([moved]), [{ ...moved, score: undefined, id: 0 }]);
});
