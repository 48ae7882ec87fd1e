import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf } from '../../src/core/backend';
import { drawFruit, fruitPictures } from '../../src/datasets/fruit';

test('generated fruit pictures: 450 x 450 RGB, the same for the same seed, different across seeds', () => {
  const a = drawFruit('apple', 3),
    b = drawFruit('apple', 3),
    c = drawFruit('apple', 4);
  assert.deepEqual(a.shape, [450, 450, 3]);
  assert.equal(
    tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]),
    0,
  );
  assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]) > 0);
  tf.dispose([a, b, c]);
  const pics = fruitPictures(2, 0, 64);
  assert.deepEqual(
    pics.map((p) => p.fruit),
    ['apple', 'apple', 'orange', 'orange'],
  );
  tf.dispose(pics.map((p) => p.image));
  assert.throws(() => drawFruit('pear' as 'apple', 1));
});
