// The detector's mask clean-up on small drawn masks whose answers are counted by hand: specks below a
// size dropped (4-connected: diagonal neighbours are separate), holes filled (a gap to the border is not a
// hole), components labelled in scan order with their boxes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropSmallComponents, fillHoles, labelComponents, type Mask } from '../../src/image/mask.js';
import { runMeans } from '../../src/image/mask-runs.js';

/** A mask from rows of '#' (255) and '.' (0). */
function drawn(rows: string[]): Mask {
  const width = rows[0]!.length, height = rows.length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((c, x) => { if (c === '#') data[y * width + x] = 255; }));
  return { data, width, height };
}
const rowsOf = (m: Mask) => Array.from({ length: m.height }, (_, y) => [...m.data.subarray(y * m.width, (y + 1) * m.width)].map((v) => (v ? '#' : '.')).join(''));

test('dropSmallComponents: components under the size go, diagonal neighbours count apart, the rest stays', () => {
  const m = drawn([
    '##....#.',
    '##...#..',
    '......##',
    '#.....##',
    '###.....',
  ]);
  // sizes: top-left square 4, lone (0,6) 1, lone (1,5) 1 (its only neighbour is diagonal), right block 4, bottom-left L 4
  dropSmallComponents(m, 4);
  assert.deepEqual(rowsOf(m), [
    '##......',
    '##......',
    '......##',
    '#.....##',
    '###.....',
  ]);
  dropSmallComponents(m, 5);
  assert.deepEqual(rowsOf(m), ['........', '........', '........', '........', '........']);
});

test('fillHoles: enclosed background filled, background reaching the border kept, even through a one-pixel gap', () => {
  const m = drawn([
    '#####.###',
    '#...#.#.#',
    '#.#.#.#..',
    '#...#.###',
    '#####....',
  ]);
  fillHoles(m);
  assert.deepEqual(rowsOf(m), [
    '#####.###',
    '#####.#.#',
    '#####.#..',
    '#####.###',
    '#####....',
  ]);
  // the centre's four neighbours are set: a hole, though its diagonal neighbours reach the border (the
  // background is 4-connected too)
  const d = drawn([
    '.#.',
    '#.#',
    '.#.',
  ]);
  fillHoles(d);
  assert.deepEqual(rowsOf(d), ['.#.', '###', '.#.']);
});

test('labelComponents: labels in scan order of each component\'s first pixel, bounding boxes', () => {
  const { labels, boxes } = labelComponents(drawn([
    '..#..',
    '#.#.#',
    '#...#',
  ]));
  assert.deepEqual([...labels], [0, 0, 1, 0, 0, 2, 0, 1, 0, 3, 2, 0, 0, 0, 3]);
  assert.deepEqual(boxes, [{ x: 2, y: 0, w: 1, h: 2 }, { x: 0, y: 1, w: 1, h: 2 }, { x: 4, y: 1, w: 1, h: 2 }]);
});

/** Reference: 4-connected components of the pixels where `on` holds, by a plain flood fill from each unlabelled pixel in scan order. */
function floodLabels(w: number, h: number, on: (i: number) => boolean): { labels: number[]; sizes: number[] } {
  const labels = new Array<number>(w * h).fill(0), sizes: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!on(start) || labels[start]) continue;
    const k = sizes.length + 1, queue = [start];
    labels[start] = k;
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!, x = i % w, y = Math.floor(i / w);
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        const j = ny * w + nx;
        if (nx >= 0 && nx < w && ny >= 0 && ny < h && on(j) && !labels[j]) { labels[j] = k; queue.push(j); }
      }
    }
    sizes.push(queue.length);
  }
  return { labels, sizes };
}

/** Random masks of every density, with soft values (1–254) among the set pixels, thin and square. */
function randomMasks(): Mask[] {
  const out: Mask[] = [];
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (const [w, h] of [[1, 1], [1, 9], [9, 1], [7, 5], [37, 23], [64, 48]] as const) for (const density of [0, 0.2, 0.5, 0.65, 0.9, 1]) {
    const data = new Uint8Array(w * h);
    for (let i = 0; i < data.length; i++) if (rand() < density) data[i] = rand() < 0.8 ? 255 : 1 + Math.floor(rand() * 254);
    out.push({ data, width: w, height: h });
  }
  return out;
}

test('labelComponents (and runMeans over its runs), dropSmallComponents and fillHoles agree with a plain flood fill on random masks', () => {
  for (const m of randomMasks()) {
    const { width: w, height: h, data } = m;
    const ref = floodLabels(w, h, (i) => data[i]! > 0);
    const { labels, boxes, runs } = labelComponents(m);
    assert.deepEqual([...labels], ref.labels);
    assert.deepEqual(boxes, ref.sizes.map((_, c) => {
      const xs: number[] = [], ys: number[] = [];
      ref.labels.forEach((l, i) => { if (l === c + 1) { xs.push(i % w); ys.push(Math.floor(i / w)); } });
      return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs) + 1, h: Math.max(...ys) - Math.min(...ys) + 1 };
    }));
    // per component (from 0) its size and the mean of values over it, summed in scan order
    const values = Float32Array.from(data, (v, i) => v * 0.37 + (i % 7));
    const { size, mean } = runMeans(runs, values, w);
    assert.deepEqual([...size], ref.sizes);
    ref.sizes.forEach((n, c) => {
      let sum = 0;
      ref.labels.forEach((l, i) => { if (l === c + 1) sum += values[i]!; });
      assert.equal(mean[c], sum / n);
    });
    for (const minPixels of [1, 3, 8]) {
      const dropped = { ...m, data: data.slice() };
      dropSmallComponents(dropped, minPixels);
      assert.deepEqual([...dropped.data], [...data].map((v, i) => (v && ref.sizes[ref.labels[i]! - 1]! < minPixels ? 0 : v)));
    }
    // holes: zero components none of whose pixels is on the border; every other pixel that is set becomes 255
    const zeros = floodLabels(w, h, (i) => data[i] === 0);
    const border = new Set(zeros.labels.filter((l, i) => l && (i % w === 0 || i % w === w - 1 || i < w || i >= (h - 1) * w)));
    const filled = { ...m, data: data.slice() };
    fillHoles(filled);
    assert.deepEqual([...filled.data], zeros.labels.map((l) => (l && border.has(l) ? 0 : 255)));
  }
});
