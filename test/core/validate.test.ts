import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError, checkInteger, checkPositive, toMatrix, toTensor, toVector } from '../../src/core/validate';
import { assertNoLeak } from '../helpers/tensors';

describe('toVector / toMatrix / toTensor accept arrays and tensors', () => {
  test('plain arrays become float32 tensors of the same values', () => {
    const v = toVector([1, 2, 3]);
    assert.equal(v.dtype, 'float32');
    assert.deepEqual(v.arraySync(), [1, 2, 3]);
    const m = toMatrix([
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(m.shape, [2, 2]);
    const t = toTensor([[[1], [2]]], 'x', 3);
    assert.deepEqual(t.shape, [1, 2, 1]);
    tf.dispose([v, m, t]);
  });

  test('a tensor argument is not consumed (the caller keeps it)', () => {
    const x = tf.tensor2d([[1, 2]]);
    toMatrix(x).dispose();
    assert.equal(x.isDisposed, false);
    x.dispose();
  });
});

// Each row: function, bad input, part of the message that must name the problem.
const BAD: Array<[string, () => unknown, RegExp]> = [
  ['toVector empty', () => toVector([]), /is empty/],
  ['toVector NaN', () => toVector([1, NaN]), /element 1 is NaN/],
  ['toVector Infinity', () => toVector([1, Infinity]), /Infinity, expected a finite number/],
  [
    'toVector string element',
    () => toVector([1, 'a'] as unknown as number[]),
    /element 1 is string a, expected a number/,
  ],
  ['toVector not an array', () => toVector('abc' as unknown as number[]), /expected an array of numbers, got string/],
  [
    'toVector matrix tensor',
    () => toVector(tf.zeros([2, 2]) as unknown as tf.Tensor1D),
    /expected a vector \(rank 1\), got a tensor of shape \[2, 2\]/,
  ],
  ['toVector NaN tensor', () => toVector(tf.tensor1d([1, NaN])), /contains NaN or Infinity/],
  ['toMatrix empty', () => toMatrix([]), /is empty \(no rows\)/],
  ['toMatrix ragged', () => toMatrix([[1, 2], [3]]), /rows have different lengths \(row 0 has 2, row 1 has 1\)/],
  ['toMatrix zero columns', () => toMatrix([[], []]), /rows are empty/],
  ['toMatrix row not array', () => toMatrix([[1], 2] as unknown as number[][]), /row 1 is number 2/],
  ['toMatrix null', () => toMatrix(null as unknown as number[][]), /got null/],
  ['toMatrix Infinity', () => toMatrix([[1, -Infinity]]), /element \[0\]\[1\] is -Infinity/],
  ['toMatrix rank-1 tensor', () => toMatrix(tf.ones([3]) as unknown as tf.Tensor2D), /expected a matrix \(rank 2\)/],
  ['toMatrix empty tensor', () => toMatrix(tf.zeros([0, 3]) as tf.Tensor2D), /is empty \(shape \[0, 3\]\)/],
  ['toTensor wrong rank', () => toTensor([[1, 2]], 'q', 3), /q: expected rank 3/],
  ['toTensor ragged nested', () => toTensor([[[1, 2], [3]]], 'k'), /k: not a rectangular array/],
  ['checkPositive zero', () => checkPositive(0, 'scale'), /scale: must be > 0, got 0/],
  ['checkPositive NaN', () => checkPositive(NaN, 'scale'), /scale: value is NaN/],
  ['checkInteger fraction', () => checkInteger(1.5, 'block size'), /block size: must be an integer >= 1, got 1.5/],
];

describe('bad input gets an InputError naming the problem', () => {
  for (const [name, fn, message] of BAD) {
    test(name, () => {
      assert.throws(fn, (e: unknown) => e instanceof InputError && message.test((e as Error).message));
    });
  }
  test('no tensor leaks when a check throws', () => {
    // cases that build a tensor argument themselves are left out: that tensor is the test's own
    for (const [name, fn] of BAD) if (!/tensor/.test(name)) assertNoLeak(fn, 5);
  });
});
