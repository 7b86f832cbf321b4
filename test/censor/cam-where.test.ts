// cam:CLASS hides only where the class is: no region at all unless the bundled classifier gives the image
// the class at least the minimum probability, and then boxes around the class's own evidence.
// Benign photos only (the demo photos and the evaluation photos; a photo pasted onto a flat canvas).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { parseRegion } from '../../src/inputs/regions.js';
import '../../src/censor/learned-regions.js';
import { CAM_CLASSES } from '../../src/finders/cam.js';
import { classify } from '../../src/finders/finders.js';
import { readImage, type Raster } from '../../src/image/raster.js';
import { blankRgb, paste } from '../../src/image/sheet.js';
import { DEFAULT_SAFETY_THRESHOLD } from '../../src/safety/classifier.js';
import { evaluationPhotos } from '../helpers/photos.js';

const cli = path.resolve('dist/src/cli/main.js');
const demoPhotos = fs.readdirSync('assets/demo').filter((f) => f.endsWith('.jpg')).map((f) => path.join('assets/demo', f));

test('benign photos: no cam: region for any class the classifier does not give them; a region for the class it does', async () => {
  const photos = [...demoPhotos, ...evaluationPhotos().filter((_, i) => i % 3 === 0)];
  assert.ok(photos.length >= 10);
  let given = 0;
  for (const file of photos) {
    const image = await readImage(file);
    const p = await classify(image);
    for (const cls of CAM_CLASSES) {
      const r = await parseRegion(`cam:${cls}`).find(image);
      if (p[cls]! >= DEFAULT_SAFETY_THRESHOLD) {
        given++;
        assert.ok(r.boxes.length >= 1, `${file}: ${cls} at ${p[cls]!.toFixed(2)} but no region`);
      } else {
        assert.deepEqual(r.boxes, [], `${file}: ${cls} at ${p[cls]!.toFixed(3)} found ${JSON.stringify(r.boxes)}`);
        assert.ok(r.mask.data.every((v) => v === 0), `${file}: ${cls}: mask not empty`);
      }
    }
  }
  assert.ok(given >= photos.length, 'every photo has some class at or above the threshold');
});

test('the minimum probability is its own setting: cam:CLASS,P gives regions only at P or above', async () => {
  const image = await readImage(demoPhotos.find((f) => f.endsWith('cups.jpg'))!);
  const p = (await classify(image)).Neutral!;
  assert.ok(p > 0.9 && p < 0.9999, `cups: Neutral ${p}`);
  assert.ok((await parseRegion('cam:Neutral,0.9').find(image)).boxes.length >= 1);
  assert.deepEqual((await parseRegion('cam:Neutral,0.9999').find(image)).boxes, []);
});

/** The photo shrunk to half size and pasted into one corner of a flat black 640×400 canvas. */
async function inCorner(file: string, right: boolean, bottom: boolean): Promise<Raster> {
  const { data, info } = await sharp(file).resize(320, 200).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const canvas = blankRgb(640, 400, 0);
  paste(canvas, { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 }, right ? 320 : 0, bottom ? 200 : 0);
  return canvas;
}

test('class evidence in one corner of a flat canvas: the regions lie in that corner and hug it', async () => {
  const cups = demoPhotos.find((f) => f.endsWith('cups.jpg'))!;
  for (const [right, bottom] of [[false, false], [true, true], [true, false]] as const) {
    const image = await inCorner(cups, right, bottom);
    assert.ok((await classify(image)).Neutral! >= DEFAULT_SAFETY_THRESHOLD);
    const { boxes } = await parseRegion('cam:Neutral').find(image);
    assert.ok(boxes.length >= 1, 'the pasted photo is found');
    // The map has 7×7 cells (~91×57 px here) whose evidence comes from receptive fields wider than a cell: a
    // box may reach up to a cell past the photo, but it sits on the photo and most of it is the photo.
    const cx = 640 / 7, cy = 400 / 7, corner = { x: right ? 320 : 0, y: bottom ? 200 : 0, w: 320, h: 200 };
    const inside = (b: { x: number; y: number; w: number; h: number }) =>
      Math.max(0, Math.min(b.x + b.w, corner.x + corner.w) - Math.max(b.x, corner.x)) * Math.max(0, Math.min(b.y + b.h, corner.y + corner.h) - Math.max(b.y, corner.y));
    let area = 0, covered = 0;
    for (const b of boxes) {
      const where = `corner ${right ? 'r' : 'l'}${bottom ? 'b' : 't'}: ${JSON.stringify(b)}`;
      assert.ok(b.x >= corner.x - cx && b.y >= corner.y - cy && b.x + b.w <= corner.x + corner.w + cx && b.y + b.h <= corner.y + corner.h + cy, `${where} strays`);
      const mx = b.x + b.w / 2, my = b.y + b.h / 2;
      assert.ok(mx >= corner.x && mx < corner.x + corner.w && my >= corner.y && my < corner.y + corner.h, `${where}: centre outside the photo`);
      area += b.w * b.h; covered += inside(b);
    }
    assert.ok(covered >= 0.6 * area, `only ${(covered / area).toFixed(2)} of the boxes is the photo`);
    assert.ok(covered >= 0.4 * 320 * 200, `the boxes cover ${covered} px of the 64000 px photo`);
  }
});

test('censor -r cam:CLASS on a photo without the class: exit 1, nothing written; --allow-empty writes it unchanged', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cam-'));
  for (const photo of demoPhotos) {
    const out = path.join(dir, `${path.basename(photo, '.jpg')}.png`);
    const r = spawnSync(process.execPath, [cli, 'censor', photo, '-o', out, '-r', 'cam:Porn', '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 1, `${photo}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /found nothing to censor/);
    assert.equal(fs.existsSync(out), false);
  }
  const out = path.join(dir, 'kept.png');
  const r = spawnSync(process.execPath, [cli, 'censor', demoPhotos[0]!, '-o', out, '-r', 'cam:Porn', '--allow-empty', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).regions, []);
  fs.rmSync(dir, { recursive: true });
});
