import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { multiHeadAttention, projectQKV, scaledDotProductAttention, selfAttention } from '../../src/attention';
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../../src/core/backend';
import { randomNormal, randomUniform } from '../../src/core/random';
import { assertInputError, assertNoLeak, maxAbsDiff } from './_helpers';

// Document 003's sizes: 10 elements of width 16, 16 x 16 weights.
const X = randomUniform([10, 16], 1);
const W_Q = randomUniform([16, 16], 2);
const W_K = randomUniform([16, 16], 3);
const W_V = randomUniform([16, 16], 4);

describe('projections', () => {
  test('projectQKV is X W for each weight matrix', () => {
    const { query, key, value } = projectQKV(X, W_Q, W_K, W_V);
    const expected = [tf.matMul(X, W_Q), tf.matMul(X, W_K), tf.matMul(X, W_V)];
    [query, key, value].forEach((t, i) => assert.ok(maxAbsDiff(t, expected[i]) < 1e-5));
    tf.dispose([query, key, value, expected]);
  });

  test('projectQKV accepts batched X (B, N, d_model) and plain arrays', () => {
    const Xb = randomNormal([2, 3, 4], 5);
    const w = [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    const r = projectQKV(Xb, w, w, [[1], [1], [1], [1]]);
    assert.deepEqual(r.query.shape, [2, 3, 2]);
    assert.deepEqual(r.value.shape, [2, 3, 1]);
    tf.dispose([Xb, r]);
  });

  test('selfAttention is attention over the three projections (document 003 function)', () => {
    const a = selfAttention(X, W_Q, W_K, W_V);
    const { query, key, value } = projectQKV(X, W_Q, W_K, W_V);
    const b = scaledDotProductAttention(query, key, value);
    assert.ok(maxAbsDiff(a.output, b.output) < 1e-6);
    assert.deepEqual(a.weights.shape, [10, 10]);
    tf.dispose([a, b, query, key, value]);
  });

  test('multiHeadAttention with one head and W_O = I is selfAttention', () => {
    const eye = tf.eye(16);
    const a = multiHeadAttention(X, { W_Q, W_K, W_V, W_O: eye, numHeads: 1 });
    const b = selfAttention(X, W_Q, W_K, W_V);
    assert.ok(maxAbsDiff(a.output, b.output) < 1e-5);
    assert.deepEqual(a.weights.shape, [1, 10, 10]);
    tf.dispose([eye, a, b]);
  });

  test('multiHeadAttention: head h attends with its own slice of the projections', () => {
    const h = 4;
    const W_O = randomNormal([16, 5], 6);
    const r = multiHeadAttention(X, { W_Q, W_K, W_V, W_O, numHeads: h }, { isCausal: true });
    assert.deepEqual(r.output.shape, [10, 5]);
    assert.deepEqual(r.weights.shape, [h, 10, 10]);
    const { query, key, value } = projectQKV(X, W_Q, W_K, W_V);
    const heads = [];
    for (let i = 0; i < h; i++) {
      const cols = (t: Tensor) => tf.slice(t, [0, 4 * i], [10, 4]);
      const one = scaledDotProductAttention(cols(query), cols(key), cols(value), { isCausal: true });
      const w = tf.squeeze(tf.slice(r.weights, [i, 0, 0], [1, 10, 10]), [0]);
      assert.ok(maxAbsDiff(w, one.weights) < 1e-6, `head ${i} weights`);
      heads.push(one.output);
    }
    const expected = tf.matMul(tf.concat(heads, 1), W_O);
    assert.ok(maxAbsDiff(r.output, expected) < 1e-5);
    tf.dispose([W_O, r, query, key, value, heads, expected]);
  });

  test('multiHeadAttention on a batch (B, N, d_model) equals each item alone', () => {
    const Xb = randomNormal([2, 10, 16], 7);
    const weights = { W_Q, W_K, W_V, W_O: W_V, numHeads: 2 };
    const r = multiHeadAttention(Xb, weights);
    assert.deepEqual(r.weights.shape, [2, 2, 10, 10]);
    for (let b = 0; b < 2; b++) {
      const item = tf.squeeze(tf.slice(Xb, [b, 0, 0], [1, 10, 16]), [0]);
      const one = multiHeadAttention(item, weights);
      const got = tf.squeeze(tf.slice(r.output, [b, 0, 0], [1, 10, 16]), [0]);
      assert.ok(maxAbsDiff(got, one.output) < 1e-4);
      tf.dispose([item, one, got]);
    }
    tf.dispose([Xb, r]);
  });
});

describe('projections reject bad input', () => {
  test('X of rank 1', () =>
    assertInputError(
      () => projectQKV([1, 2] as unknown as number[][], W_Q, W_K, W_V),
      /projectQKV X: expected rank >= 2/,
    ));
  test('weight rows differ from X width', () =>
    assertInputError(() => selfAttention(X, [[1, 2]], W_K, W_V), /selfAttention W_Q: has 1 rows but X has width 16/));
  test('W_Q and W_K widths differ', () =>
    assertInputError(
      () =>
        projectQKV(
          [[1, 2]],
          [[1], [2]],
          [
            [1, 2],
            [3, 4],
          ],
          [[1], [1]],
        ),
      /W_Q and W_K must have the same width.*1 and 2/,
    ));
  test('NaN in a weight matrix', () =>
    assertInputError(() => projectQKV([[1, 2]], [[1], [NaN]], [[1], [2]], [[1], [1]]), /W_Q.*NaN/));
  test('width does not split into heads', () =>
    assertInputError(
      () => multiHeadAttention(X, { W_Q, W_K, W_V, W_O: W_V, numHeads: 3 }),
      /W_Q: width 16 does not split into 3 heads/,
    ));
  test('W_O rows differ from the concatenated heads', () =>
    assertInputError(
      () => multiHeadAttention(X, { W_Q, W_K, W_V, W_O: [[1, 2]], numHeads: 2 }),
      /W_O: has 1 rows but the concatenated heads have width 16/,
    ));
  test('numHeads not a positive integer', () =>
    assertInputError(
      () => multiHeadAttention(X, { W_Q, W_K, W_V, W_O: W_V, numHeads: 0 }),
      /numHeads: must be an integer >= 1, got 0/,
    ));
  test('weights missing', () =>
    assertInputError(
      () =>
        multiHeadAttention(
          X,
          undefined as unknown as {
            W_Q: number[][];
            W_K: number[][];
            W_V: number[][];
            W_O: number[][];
            numHeads: number;
          },
        ),
      /expected weights/,
    ));
});

test('projections leak no tensors, returning or throwing', () => {
  assertNoLeak(() => projectQKV(X, W_Q, W_K, W_V));
  assertNoLeak(() => selfAttention(X, W_Q, W_K, W_V, { isCausal: true }));
  assertNoLeak(() => multiHeadAttention(X, { W_Q, W_K, W_V, W_O: W_V, numHeads: 4 }));
  assertNoLeak(() => multiHeadAttention(X, { W_Q, W_K, W_V, W_O: W_V, numHeads: 3 }));
  assertNoLeak(() => selfAttention(X, [[1, 2]], W_K, W_V));
});
