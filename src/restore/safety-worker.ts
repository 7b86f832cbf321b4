// Worker thread: restore's safety policy on video frames with the bundled classifier and face detector
// (TF.js wasm), so that the checks run on the second core while the main thread restores the next frames.
import { parentPort, workerData } from 'node:worker_threads';
import { defaultFaceFinder, defaultSafetyChecker, RestoreRefusal } from './safety.js';
import { VideoSafety } from './video-safety.js';
import type { SafetyJob, SafetyReply } from './safety-worker-client.js';

const port = parentPort!;
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
