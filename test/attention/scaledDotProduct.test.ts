import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { causalMask, scaledDotProductAttention } from '../../src/attention';
import { tf } from '../../src/core/backend';
import { randomNormal } from '../../src/core/random';
import { assertInputError, assertNoLeak, maxAbsDiff } from './_helpers';

// A tiny example worked out in plain JS, the way document 003 writes it in numpy.
const Q = [
  [1, 0],
  [0, 1],
  [1, 1],
];
const K = [
  [1, 0],
  [0, 2],
  [1, 1],
];
const V = [
  [1, 2],
  [3, 4],
  [5, 6],
];

function byHand(q: number[][], k: number[][], v: number[][], scale: number) {
  const weights = q.map((qi) => {
    const s = k.map((kj) => qi.reduce((acc, x, a) => acc + x * kj[a], 0) * scale);
    const m = Math.max(...s);
    const e = s.map((x) => Math.exp(x - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
  const output = weights.map((w) => v[0].map((_, c) => w.reduce((acc, wj, j) => acc + wj * v[j][c], 0)));
  return { weights, output };
}

describe('scaledDotProductAttention', () => {
  test('equals softmax(Q K^T / sqrt(d)) V worked by hand, from plain arrays', () => {
    const r = scaledDotProductAttention(Q, K, V);
    const ref = byHand(Q, K, V, 1 / Math.sqrt(2));
    assert.deepEqual(r.output.shape, [3, 2]);
    assert.ok(maxAbsDiff(r.output, ref.output) < 1e-6);
    assert.ok(maxAbsDiff(r.weights, ref.weights) < 1e-6);
    tf.dispose(r);
  });

  test('scale overrides 1 / sqrt(d)', () => {
    const r = scaledDotProductAttention(Q, K, V, { scale: 3 });
    assert.ok(maxAbsDiff(r.weights, byHand(Q, K, V, 3).weights) < 1e-6);
    tf.dispose(r);
  });

  test('weights rows sum to 1; batch and head dims carried through', () => {
    const q = randomNormal([2, 3, 5, 4], 1);
    const k = randomNormal([2, 3, 6, 4], 2);
    const v = randomNormal([2, 3, 6, 7], 3);
    const r = scaledDotProductAttention(q, k, v);
    assert.deepEqual(r.output.shape, [2, 3, 5, 7]);
    assert.deepEqual(r.weights.shape, [2, 3, 5, 6]);
    const sums = tf.sum(r.weights, -1);
    assert.ok(maxAbsDiff(sums, tf.onesLike(sums)) < 1e-6);
    tf.dispose([q, k, v, r, sums]);
  });

  test('a boolean mask equals the additive mask 0 / -Infinity; isCausal equals causalMask', () => {
    const q = randomNormal([2, 6, 4], 4);
    const k = randomNormal([2, 6, 4], 5);
    const v = randomNormal([2, 6, 3], 6);
    const mask = causalMask(6);
    const additive = tf.where(mask, tf.zeros([6, 6]), tf.fill([6, 6], -Infinity));
    const a = scaledDotProductAttention(q, k, v, { mask });
    const b = scaledDotProductAttention(q, k, v, { mask: additive });
    const c = scaledDotProductAttention(q, k, v, { isCausal: true });
    assert.ok(maxAbsDiff(a.output, b.output) < 1e-6);
    assert.ok(maxAbsDiff(a.output, c.output) < 1e-6);
    assert.equal((c.weights.arraySync() as number[][][])[0][0][1], 0); // query 0 never sees key 1
    tf.dispose([q, k, v, mask, additive, a, b, c]);
  });

  test('isCausal and a mask together: a key is seen only when both allow it', () => {
    const padding = [[true, true, false]]; // (1, 3): the last key is padding
    const r = scaledDotProductAttention(Q, K, V, { mask: padding, isCausal: true });
    const w = r.weights.arraySync() as number[][];
    assert.deepEqual(w[0].slice(1), [0, 0]);
    assert.equal(w[2][2], 0);
    assert.ok(Math.abs(w[2][0] + w[2][1] - 1) < 1e-6);
    tf.dispose(r);
  });

  test('a query whose keys are all masked gives zeros, not NaN (bool, float and causal+mask)', () => {
    const boolMask = [
      [true, true, true],
      [false, false, false],
      [true, false, true],
    ];
    const floatMask = [
      [0, 0, 0],
      [-Infinity, -Infinity, -Infinity],
      [0, -Infinity, 0],
    ];
    for (const opts of [{ mask: boolMask }, { mask: floatMask }, { mask: [[false, true, true]], isCausal: true }]) {
      const r = scaledDotProductAttention(Q, K, V, opts);
      const out = r.output.arraySync() as number[][];
      const w = r.weights.arraySync() as number[][];
      const row = opts.isCausal ? 0 : 1;
      assert.deepEqual(out[row], [0, 0]);
      assert.deepEqual(w[row], [0, 0, 0]);
      assert.ok(out.flat().every(Number.isFinite));
      tf.dispose(r);
    }
  });

  test('a float mask shifts the scores before the softmax', () => {
    const mask = [
      [0, 1, 0],
      [0, 0, 0],
      [2, 0, -1],
    ];
    const r = scaledDotProductAttention(Q, K, V, { mask, scale: 1 });
    const s = Q.map((qi, i) => K.map((kj, j) => qi[0] * kj[0] + qi[1] * kj[1] + mask[i][j]));
    const expected = s.map((row) => {
      const e = row.map((x) => Math.exp(x - Math.max(...row)));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / sum);
    });
    assert.ok(maxAbsDiff(r.weights, expected) < 1e-6);
    tf.dispose(r);
  });
});

describe('scaledDotProductAttention rejects bad input', () => {
  const f = scaledDotProductAttention;
  test('query and key widths differ', () =>
    assertInputError(() => f([[1, 2, 3]], K, V), /query width 3 must equal key width 2/));
  test('key and value lengths differ', () =>
    assertInputError(() => f(Q, K, [[1, 2]]), /same length, got 3 keys and 1 values/));
  test('leading dims differ', () =>
    assertInputError(
      () => f(tf.zeros([2, 3, 2]), tf.zeros([3, 3, 2]), tf.zeros([3, 3, 2])),
      /leading \(batch\/head\) dims.*\[2, 3, 2\]/,
    ));
  test('rank below 2', () =>
    assertInputError(() => f([1, 2] as unknown as number[][], K, V), /query: expected rank >= 2.*\[2\]/));
  test('empty sequence', () => assertInputError(() => f(tf.zeros([0, 2]), K, V), /query: is empty.*\[0, 2\]/));
  test('NaN in the query', () =>
    assertInputError(
      () =>
        f(
          [
            [NaN, 0],
            [0, 1],
            [1, 1],
          ],
          K,
          V,
        ),
      /query.*NaN/,
    ));
  test('Infinity in a tensor key', () =>
    assertInputError(
      () =>
        f(
          Q,
          tf.tensor2d([
            [Infinity, 0],
            [0, 1],
            [1, 1],
          ]),
          V,
        ),
      /key: contains NaN or Infinity/,
    ));
  test('NaN in a tensor value, -Infinity in a tensor query', () => {
    assertInputError(
      () =>
        f(
          tf.tensor2d(Q),
          tf.tensor2d(K),
          tf.tensor2d([
            [1, 2],
            [NaN, 4],
            [5, 6],
          ]),
        ),
      /value: contains NaN or Infinity/,
    );
    assertInputError(
      () =>
        f(
          tf.tensor2d([
            [1, 0],
            [-Infinity, 1],
            [1, 1],
          ]),
          tf.tensor2d(K),
          tf.tensor2d(V),
        ),
      /query: contains NaN or Infinity/,
    );
  });
  test('large finite tensors whose sum overflows are accepted (the fast finiteness check falls back)', () => {
    const big = tf.tensor2d([
      [3e38, 3e38],
      [3e38, -1],
      [1, 1],
    ]);
    const out = f(tf.tensor2d(Q), tf.tensor2d(K), big);
    assert.ok(out.output.dataSync().every(Number.isFinite));
    tf.dispose([big, out.output, out.weights]);
  });
  test('mask of the wrong shape', () =>
    assertInputError(() => f(Q, K, V, { mask: [[true, false]] }), /mask: shape \[1, 2\] does not broadcast.*\[3, 3\]/));
  test('mask of mixed booleans and numbers', () =>
    assertInputError(
      () => f(Q, K, V, { mask: [[true, 0, 1]] as unknown as number[][] }),
      /only booleans.*or only numbers/,
    ));
  test('mask with NaN or +Infinity', () =>
    assertInputError(() => f(Q, K, V, { mask: [[0, NaN, 0]] }), /finite numbers and -Infinity only/));
  test('scale <= 0', () => assertInputError(() => f(Q, K, V, { scale: 0 }), /scale: must be > 0, got 0/));
  test('scale not finite', () => assertInputError(() => f(Q, K, V, { scale: Infinity }), /scale.*finite/));
  test('isCausal not a boolean', () =>
    assertInputError(() => f(Q, K, V, { isCausal: 'yes' as unknown as boolean }), /isCausal: expected true or false/));
});

test('scaledDotProductAttention leaks no tensors, returning or throwing', () => {
  const q = randomNormal([2, 5, 4], 7);
  assertNoLeak(() => scaledDotProductAttention(q, q, q, { isCausal: true, mask: [[true, true, true, false, true]] }));
  assertNoLeak(() => scaledDotProductAttention(Q, K, V, { mask: [[0, -Infinity, 0]] }));
  assertNoLeak(() => scaledDotProductAttention(Q, K, V, { mask: [[0, NaN, 0]] }));
  assertNoLeak(() => scaledDotProductAttention(q, K, V));
  assertNoLeak(() => scaledDotProductAttention(Q, K, V, { scale: -1 }));
  q.dispose();
});
