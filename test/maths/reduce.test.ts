import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { loadDigits } from '../../src/datasets/digits';
import { pca, umap } from '../../src/maths/reduce';
import { referenceValues } from '../../src/datasets/reference';
import { assertAllClose } from '../helpers/tensors';

const g = referenceValues('001').digits_pca;

describe('PCA', () => {
  test("the digits' 2-D PCA equals scikit-learn's (test/golden/001.json)", () => {
    const { images } = loadDigits();
    const r = pca(images, 2);
    images.dispose();
    assertAllClose(r.explainedVarianceRatio, g.explained_variance_ratio, 1e-9, 'explained variance ratio');
    assertAllClose(r.points.slice(0, 5), g.first_points, 1e-6, 'projected points');
    assertAllClose(r.components, g.components, 1e-9, 'components');
  });
  test('more features than rows (the Gram route) gives the same axes as the SVD', () => {
    const X = tf.randomNormal([12, 40], 0, 1, 'float32', 7) as tf.Tensor2D;
    const wide = pca(X, 3);
    const tall = pca(tf.concat([X, X]) as tf.Tensor2D, 3); // 24 rows of 40: SVD route, same axes and ratios
    assertAllClose(wide.explainedVarianceRatio, tall.explainedVarianceRatio, 1e-4);
    assertAllClose(wide.components, tall.components, 1e-3);
    X.dispose();
  });
  test('bad input', () => {
    assert.throws(() => pca([[1, 2]], 1), /at least 2 rows/);
    assert.throws(
      () =>
        pca(
          [
            [1, 2],
            [3, 4],
            [5, 7],
          ],
          3,
        ),
      /at most 2/,
    );
  });
});

describe('UMAP (umap-js, seeded)', () => {
  const X = Array.from({ length: 40 }, (_, i) =>
    Array.from({ length: 5 }, (_, j) => (i < 20 ? 0 : 10) + Math.sin(i * 7 + j * 3)),
  );
  test('the same seed gives the same layout; another seed another', () => {
    const a = umap(X, { seed: 3, nEpochs: 50 });
    const b = umap(X, { seed: 3, nEpochs: 50 });
    const c = umap(X, { seed: 4, nEpochs: 50 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(a[0].length, 2);
  });
  test('two well-separated groups stay apart', () => {
    const p = umap(X, { seed: 1, nEpochs: 100 });
    const mean = (rows: number[][]) => rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
    const [m0, m1] = [mean(p.slice(0, 20)), mean(p.slice(20))];
    const spread = Math.max(...p.slice(0, 20).map((r) => Math.hypot(r[0] - m0[0], r[1] - m0[1])));
    assert.ok(Math.hypot(m0[0] - m1[0], m0[1] - m1[1]) > spread);
  });
  test('bad input', () => {
    assert.throws(() => umap([[1], [2], [3]], { nNeighbors: 5 }), /more rows/);
  });
});
