import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf } from '../../src/core/backend';
import { loadDigits } from '../../src/datasets/digits';
import { referenceValues } from '../../src/datasets/reference';

test("scikit-learn's digits: 1,797 images of 8x8, values 0..16", () => {
  const { images, labels } = loadDigits();
  assert.deepEqual(images.shape, [1797, 64]);
  const counts = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
  assert.deepEqual(counts, referenceValues('001').digits_pca.label_counts);
  assert.equal(
    tf.tidy(() => tf.max(images).dataSync()[0]),
    16,
  );
  images.dispose();
});
