// BlazeFace and the MobileNetV2 classifier (with its class maps) exported to ONNX and run by onnxruntime
// against the engine on the same input, with the shipped weights. TF's 'SAME' padding is exported as
// auto_pad SAME_UPPER: checked at an odd-sided feature map too (200² input: 25 → 13 at stride 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportNetwork, maxDifferenceFromEngine } from '../../src/export/index.js';
import { loadBlazeFace, loadNsfwClassifier } from '../../src/models/finder-weights.js';
import { MobileNetV2ClassMaps } from '../../src/models/mobilenet-v2.js';

test('BlazeFace → ONNX: [N, 896, 17] anchor rows, onnxruntime within 1e-3 of the engine', async () => {
  const { net } = loadBlazeFace();
  try {
    const onnx = exportNetwork(net, { inputChannels: 3, height: 256, width: 256, dynamic: true, fixedSides: true });
    const d = await maxDifferenceFromEngine(net, onnx, [1, 3, 256, 256]);
    assert.ok(d < 1e-3, `max difference ${d}`);
  } finally { net.dispose(); }
});

test('MobileNetV2 classifier → ONNX: probabilities, and class maps at free sides, within 1e-4 of the engine', async () => {
  const { net } = loadNsfwClassifier();
  try {
    const probs = exportNetwork(net, { inputChannels: 3, height: 224, width: 224, dynamic: true });
    assert.ok(await maxDifferenceFromEngine(net, probs, [1, 3, 224, 224]) < 1e-4);
    const maps = new MobileNetV2ClassMaps(net);
    const onnx = exportNetwork(maps, { inputChannels: 3, height: 224, width: 224, dynamic: true });
    for (const side of [224, 200]) {
      const d = await maxDifferenceFromEngine(maps, onnx, [1, 3, side, side]);
      assert.ok(d < 1e-3, `class maps at ${side}²: max difference ${d}`);
    }
  } finally { net.dispose(); }
});
