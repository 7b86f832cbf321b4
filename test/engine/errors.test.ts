// Bad calls throw one clear JS error each, and never abort the process nor leak tensors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, call, cat, liveTensors, randn, tensor, tidy, zeros } from '../../src/engine/index.js';

/** Asserts fn throws a message matching re, and that the tensors it made inside tidy were freed. */
function throwsClean(fn: () => unknown, re: RegExp): void {
  const before = liveTensors();
  assert.throws(() => tidy(fn), re);
  assert.equal(liveTensors(), before, 'a failed call leaked tensors');
}

test('shape mismatches name the problem', () => {
  throwsClean(() => randn([2, 3]).add(randn([4])), /must match the size/);
  throwsClean(() => randn([2, 3]).matmul(randn([2, 3])), /cannot be multiplied/);
  throwsClean(() => cat([randn([2, 3]), randn([3, 2])], 0), /Sizes of tensors must match/);
  throwsClean(() => randn([2, 3]).view(4), /shape '\[4\]' is invalid for input of size 6/);
  throwsClean(() => F.conv2d(randn([1, 3, 8, 8]), randn([4, 2, 3, 3])), /channels/);
  throwsClean(() => F.mseLoss(randn([2, 3]), randn([3, 2])), /size|match/);
  throwsClean(() => F.pad2d(randn([1, 1, 2, 2]), 3, 'reflect'), /Padding size should be less than/);
});

test('a disposed tensor refuses every use, as receiver or argument; disposing twice is harmless', () => {
  const a = randn([2]);
  a.dispose();
  a.dispose();
  assert.equal(a.isDisposed, true);
  throwsClean(() => a.add(1), /disposed/);
  throwsClean(() => randn([2]).add(a), /disposed/);
  throwsClean(() => cat([randn([2]), a]), /disposed/);
  throwsClean(() => a.toArray(), /disposed/);
  assert.equal(String(a), 'Tensor(disposed)');
});

test('wrong dtypes are refused with the types named', () => {
  throwsClean(() => randn([2, 2]).matmul(randn([2, 2], { dtype: 'float64' })), /expected scalar type Float but found Double|float != double/); // libtorch 1.13 | 2.x
  throwsClean(() => F.conv2d(zeros([1, 1, 3, 3], { dtype: 'int64' }), randn([1, 1, 3, 3])), /expected scalar type/);
  throwsClean(() => tensor([1, 2], [2], { dtype: 'float128' as never }), /unknown dtype "float128"/);
});

test('bad typed arrays and shapes are refused', () => {
  throwsClean(() => tensor(new Float32Array(3), [2, 2]), /3 values do not fill shape of 4/);
  throwsClean(() => tensor(new Uint16Array(2)), /Uint16Array needs an explicit dtype/);
  throwsClean(() => tensor([1], [-1]), /negative dimension/);
  throwsClean(() => tensor([1, 2], [2.5]), /must hold integers/);
  throwsClean(() => zeros([NaN]), /expects an integer/);
  throwsClean(() => randn([3]).item(), /3 elements, not 1/);
  // raw bfloat16 bits are accepted when the dtype says so: 0x3fc0 is 1.5
  assert.deepEqual(tidy(() => tensor(new Uint16Array([0x3fc0]), [1], { dtype: 'bfloat16' }).toArray()), [1.5]);
});

test('operator calls by schema check names and arguments', () => {
  throwsClean(() => call('aten::no_such_op', []), /unknown operator aten::no_such_op/);
  throwsClean(() => call('aten::add.Tensor', ['x', 1]), /argument 'self' expects a tensor/);
  throwsClean(() => call('aten::add.Tensor', [randn([2])]), /missing argument 'other'/);
});

test('autograd misuse is an error, not an abort', () => {
  throwsClean(() => randn([3], { requiresGrad: true }).mul(2).backward(), /only for scalar outputs/);
  throwsClean(() => randn([]).backward(), /does not require grad/);
  // and the engine still works afterwards
  assert.equal(tidy(() => tensor([1, 2, 3]).sum().item()), 6);
});
