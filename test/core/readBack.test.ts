import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf } from '../../src/core/backend';
import { imageToArray } from '../../src/datasets/pixels';
import { readBack } from '../../src/core/readBack';

test('readBack gives the nested arrays and frees every tensor made on the way', () => {
  const before = tf.memory().numTensors;
  const rows = readBack<number[][]>(() => tf.add(tf.ones([2, 3]), tf.range(0, 3)));
  assert.deepEqual(rows, [
    [1, 2, 3],
    [1, 2, 3],
  ]);
  assert.equal(tf.memory().numTensors, before);
});

test('readBack frees what was made when the computation throws', () => {
  const before = tf.memory().numTensors;
  assert.throws(() =>
    readBack(() => {
      tf.ones([4]);
      throw new Error('boom');
    }),
  );
  assert.equal(tf.memory().numTensors, before);
});

test("imageToArray of an int32 image leaves the caller's image alive", () => {
  const image = tf.tensor2d(
    [
      [1, 2],
      [3, 4],
    ],
    undefined,
    'int32',
  );
  assert.deepEqual(imageToArray(image), [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(image.isDisposed, false);
  assert.deepEqual(image.arraySync(), [
    [1, 2],
    [3, 4],
  ]);
  image.dispose();
});
