// The detector's mask clean-up on small drawn masks whose answers are counted by hand: specks below a
// size dropped (4-connected: diagonal neighbours are separate), holes filled (a gap to the border is not a
// hole), components labelled in scan order with their boxes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropSmallComponents, fillHoles, labelComponents, type Mask } from '../../src/image/mask.js';

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
