import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PHOTOS, faceSamplePaths, loadDigits, loadPhoto, loadProducts, photoInfo } from '../src/datasets';
import { drawFruit, fruitPictures } from '../src/fruit';
import { referenceValues } from '../src/reference';
import { tf } from '../src/core/backend';

describe('datasets', () => {
  test("scikit-learn's digits: 1,797 images of 8x8, values 0..16", () => {
    const { images, labels } = loadDigits();
    assert.deepEqual(images.shape, [1797, 64]);
    const counts = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    assert.deepEqual(counts, referenceValues('001').digits_pca.label_counts);
    assert.equal(tf.tidy(() => tf.max(images).dataSync()[0]), 16);
    images.dispose();
  });
  test('every photo loads; there is no dog', () => {
    for (const p of PHOTOS) {
      const t = loadPhoto(p.name);
      assert.equal(t.shape[2], 3, p.name);
      t.dispose();
    }
    assert.throws(() => photoInfo('dog'), /no dog photo/);
    assert.equal(faceSamplePaths().length, 6);
  });
  test('the product catalogue', () => {
    const items = loadProducts();
    assert.ok(items.length >= 30);
    assert.equal(items[0].title, 'pink short sleeve top');
  });
});

describe('generated fruit pictures', () => {
  test('450 x 450 RGB, the same for the same seed, different across seeds', () => {
    const a = drawFruit('apple', 3), b = drawFruit('apple', 3), c = drawFruit('apple', 4);
    assert.deepEqual(a.shape, [450, 450, 3]);
    assert.equal(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]), 0);
    assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]) > 0);
    tf.dispose([a, b, c]);
    const pics = fruitPictures(2, 0, 64);
    assert.deepEqual(pics.map((p) => p.fruit), ['apple', 'apple', 'orange', 'orange']);
    tf.dispose(pics.map((p) => p.image));
    assert.throws(() => drawFruit('pear' as 'apple', 1));
  });
});
