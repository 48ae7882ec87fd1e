import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scaledDotProductAttention, simpleAttention } from '../../src/attention';
import { tf } from '../../src/core/backend';
import { assertInputError, assertNoLeak, maxAbsDiff } from './_helpers';

// Three small token vectors, as in document 004's 早上好 picture.
const X = [
  [1, 0, 1],
  [0, 1, 1],
  [1, 1, 0],
];

test('simpleAttention: scores = X X^T, weights = row softmax, output = weights X', () => {
  const r = simpleAttention(X);
  const scores = X.map((a) => X.map((b) => a.reduce((s, x, i) => s + x * b[i], 0)));
  assert.deepEqual(r.scores.arraySync(), scores);
  const weights = scores.map((row) => {
    const e = row.map((s) => Math.exp(s));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
  assert.ok(maxAbsDiff(r.weights, weights) < 1e-6);
  const output = weights.map((w) => X[0].map((_, c) => w.reduce((s, wj, j) => s + wj * X[j][c], 0)));
  assert.ok(maxAbsDiff(r.output, output) < 1e-6);
  tf.dispose(r);
});

test('simpleAttention is scaled dot-product attention with Q = K = V = X and scale 1', () => {
  const Xb = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1);
  const a = simpleAttention(Xb);
  const b = scaledDotProductAttention(Xb, Xb, Xb, { scale: 1 });
  assert.ok(maxAbsDiff(a.output, b.output) < 1e-6);
  assert.ok(maxAbsDiff(a.weights, b.weights) < 1e-6);
  tf.dispose([Xb, a, b]);
});

test('simpleAttention rejects bad input', () => {
  assertInputError(
    () => simpleAttention([1, 2, 3] as unknown as number[][]),
    /simpleAttention X: expected rank >= 2.*\[3\]/,
  );
  assertInputError(() => simpleAttention([]), /simpleAttention X: .*empty/);
  assertInputError(() => simpleAttention([[1, NaN]]), /simpleAttention X: .*NaN/);
  assertInputError(() => simpleAttention([[1, 2], [3]]), /simpleAttention X: .*(rectangular|different lengths)/);
});

test('simpleAttention leaks no tensors, returning or throwing', () => {
  assertNoLeak(() => simpleAttention(X));
  assertNoLeak(() => simpleAttention([[1, NaN]]));
});
