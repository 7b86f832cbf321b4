// Worker thread: restore's safety policy on video frames with the bundled classifier and face detector
// (on the engine), so that the checks run on the second core while the main thread restores the next frames.
import { parentPort, workerData } from 'node:worker_threads';
import { setNumThreads } from '../engine/index.js';
import { defaultFaceFinder, defaultSafetyChecker, RestoreRefusal } from './safety.js';
import { VideoSafety } from './video-safety.js';
import type { SafetyJob, SafetyReply } from './safety-worker-client.js';

const port = parentPort!;
// One intra-op thread: with a check running flat out on a 2-core machine, the main thread's network took
// 1.2× its time alone beside a 1-thread worker and 1.5× beside a 2-thread one (docs/finders.md).
setNumThreads(1);
try {
  const guard = new VideoSafety({ safety: await defaultSafetyChecker(), faces: defaultFaceFinder(), source: (workerData as { source: string }).source });
  port.on('message', (job: SafetyJob) => {
    guard.check(job.frame, job.out, job.regions, job.index).then(
      (left): SafetyReply => ({ id: job.id, left }),
      (e: Error): SafetyReply => (e instanceof RestoreRefusal ? { id: job.id, refusal: { message: e.message, stage: e.stage } } : { id: job.id, error: e.message }),
    ).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ failed: (e as Error).message });
}
