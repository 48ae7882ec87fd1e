import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { nearDuplicates, topK } from '../../src/maths/search';
import { InputError } from '../../src/core/validate';
import { assertNoLeak } from '../helpers/tensors';

const corpus = [
  [1, 0],
  [0.9, 0.1],
  [0, 1],
  [-1, 0],
  [0.5, 0.5],
];

describe('topK: exact cosine search', () => {
  test('best first, scores are cosines', () => {
    const [r] = topK([[1, 0]], corpus, 3);
    assert.deepEqual(
      r.map((n) => n.index),
      [0, 1, 4],
    );
    assert.ok(Math.abs(r[1].score - 0.9 / Math.hypot(0.9, 0.1)) < 1e-6);
  });
  test('excludeSelf leaves out row i for query i', () => {
    const r = topK(corpus, corpus, 1, { excludeSelf: true });
    assert.deepEqual(
      r.map((x) => x[0].index),
      [1, 0, 4, 2, 1],
    );
  });
  test('agrees with brute force on random data', () => {
    const q = tf.randomNormal([5, 16], 0, 1, 'float32', 1).arraySync() as number[][];
    const c = tf.randomNormal([50, 16], 0, 1, 'float32', 2).arraySync() as number[][];
    const cos = (a: number[], b: number[]) =>
      a.reduce((s, v, i) => s + v * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    topK(q, c, 4).forEach((r, i) => {
      const want = c
        .map((row, j) => [cos(q[i], row), j])
        .sort((x, y) => y[0] - x[0])
        .slice(0, 4)
        .map((x) => x[1]);
      assert.deepEqual(
        r.map((n) => n.index),
        want,
      );
    });
  });
  test('bad input', () => {
    assert.throws(() => topK([[1, 0, 0]], corpus, 1), /width 3.*width 2/);
    assert.throws(() => topK([[1, 0]], corpus, 6), /only 5/);
    assert.throws(() => topK([[1, 0]], corpus, 0), InputError);
    assert.throws(() => topK([], corpus, 1), InputError);
  });
  test('no leaks', () => assertNoLeak(() => topK(corpus, corpus, 2, { excludeSelf: true })));
});

describe('nearDuplicates', () => {
  test('pairs above the threshold, most similar first', () => {
    const pairs = nearDuplicates(corpus, 0.7);
    assert.deepEqual(
      pairs.map((p) => [p.a, p.b]),
      [
        [0, 1],
        [1, 4],
        [0, 4],
        [2, 4],
      ],
    );
    assert.throws(() => nearDuplicates(corpus, 2), InputError);
  });
});

describe('topK by Euclidean distance', () => {
  test('smallest distance first, scores are distances', () => {
    const pts = [
      [0, 0],
      [3, 4],
      [1, 0],
      [10, 10],
    ];
    const r = topK([[0, 0]], pts, 3, { metric: 'euclidean' })[0];
    assert.deepEqual(
      r.map((n) => n.index),
      [0, 2, 1],
    );
    assert.ok(Math.abs(r[2].score - 5) < 1e-5);
    assert.deepEqual(
      topK(pts, pts, 1, { metric: 'euclidean', excludeSelf: true }).map((x) => x[0].index),
      [2, 2, 0, 1],
    );
    assert.throws(() => topK(pts, pts, 1, { metric: 'manhattan' as 'cosine' }), InputError);
  });
});

test('topK: NaN or Infinity in a corpus tensor is caught (from the row norms) and named', () => {
  for (const bad of [NaN, Infinity]) {
    const corpus = tf.tensor2d([
      [1, 0],
      [0, bad],
      [1, 1],
    ]);
    assert.throws(() => topK([[1, 0]], corpus, 1), /topK corpus: contains NaN or Infinity/);
    corpus.dispose();
  }
  const zero = tf.tensor2d([
    [0, 0],
    [1, 0],
  ]);
  assert.deepEqual(
    topK([[1, 0]], zero, 2).map((r) => r.map((n) => n.score)),
    [[1, 0]],
  );
  zero.dispose();
});
