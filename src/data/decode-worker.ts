// Worker thread: decodes image files with sharp, resizes, crops, flips and returns float CHW arrays.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { openImage } from '../image/open.js';
import { planTransform, toFloatCHW } from './transform.js';
import type { DecodeJob, DecodeReply, DecodedImage } from './decoder.js';

sharp.concurrency(1); // one libvips thread per worker: the workers are the parallelism

async function decode(job: DecodeJob): Promise<DecodedImage[]> {
  // the pixel limit and EXIF rotation as everywhere else; a dataset's animation counts as its first frame
  const { image } = await openImage(job.file, { animated: 'first-frame' });
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await image.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new Error(`${job.file}: cannot read image (${(e as Error).message.split('\n')[0]})`);
  }
  const { width, height } = raw.info;
  const halves = job.split ? 2 : 1;
  const partW = Math.floor(width / halves);
  if (partW < 1) throw new Error(`${job.file}: image is too narrow to split into A and B halves`);
  // An aligned pair shares one plan (same crop and flip on A and B), made from the half's size.
  const plan = planTransform(partW, height, job.transform, job.draws);
  const out: DecodedImage[] = [];
  for (let part = 0; part < halves; part++) {
    const gray = job.grayscale[part] ?? false;
    let img = sharp(raw.data, { raw: { width, height, channels: 3 } });
    if (halves > 1) img = img.extract({ left: part * partW, top: 0, width: partW, height });
    if (plan.resize) img = img.resize(plan.resize[0], plan.resize[1], { fit: 'fill', kernel: 'cubic' });
    if (gray) img = img.grayscale();
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    const channels = gray ? 1 : 3;
    if (info.channels !== channels) throw new Error(`${job.file}: decoded ${info.channels} channels, expected ${channels}`);
    const f = toFloatCHW(data, info.width, channels, plan, info.height);
    const [, , cw, ch] = plan.crop ?? [0, 0, info.width, info.height];
    out.push({ data: f, shape: [channels, ch, cw] });
  }
  return out;
}

parentPort!.on('message', (msg: { id: number; job: DecodeJob }) => {
  decode(msg.job).then(
    (images) => parentPort!.postMessage({ id: msg.id, images } satisfies DecodeReply, images.map((i) => i.data.buffer as ArrayBuffer)),
    (e: Error) => parentPort!.postMessage({ id: msg.id, error: e.message } satisfies DecodeReply),
  );
});
