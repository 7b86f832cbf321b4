// Worker thread: restore's safety policy on video frames with the bundled classifier and face detector
// (on the engine), so that the checks run on the second core while the main thread restores the next frames.
// One VideoSafety per video (safety-worker-client.ts numbers them), dropped when its video ends.
import { parentPort } from 'node:worker_threads';
import { setNumThreads } from '../engine/index.js';
import type { Raster } from '../image/raster.js';
import { defaultFaceFinder, defaultSafetyChecker, RestoreRefusal } from './safety.js';
import { VideoSafety } from './video-safety.js';
import type { SafetyEnd, SafetyJob, SafetyReply } from './safety-worker-client.js';

const port = parentPort!;
// One intra-op thread: with a check running flat out on a 2-core machine, the main thread's network took
// 1.2× its time alone beside a 1-thread worker and 1.5× beside a 2-thread one (docs/finders.md).
setNumThreads(1);
try {
  const safety = await defaultSafetyChecker(), faces = defaultFaceFinder();
  // One pass of each network on a plain image: a network's first pass costs ~4× a later one (its kernels
  // are picked then), and this pass runs while the caller still loads its restorer or starts ffmpeg, not
  // while the first frame waits. Both take any image size (classifier 224², faces 256², resized inside).
  const plain: Raster = { data: new Uint8Array(64 * 64 * 3).fill(128), width: 64, height: 64, channels: 3 };
  safety.check(plain);
  await faces.find(plain);
  const videos = new Map<number, VideoSafety>();
  port.on('message', (m: SafetyJob | SafetyEnd) => {
    if ('end' in m) { videos.delete(m.end); return; }
    let guard = videos.get(m.video);
    if (!guard) videos.set(m.video, guard = new VideoSafety({ safety, faces, source: m.source }));
    guard.check(m.frame, m.out, m.regions, m.index).then(
      (left): SafetyReply => ({ id: m.id, left }),
      (e: Error): SafetyReply => (e instanceof RestoreRefusal ? { id: m.id, refusal: { message: e.message, stage: e.stage } } : { id: m.id, error: e.message }),
    ).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ failed: (e as Error).message });
}
