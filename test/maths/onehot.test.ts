import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { embeddingLookup, oneHot, oneHotBits, tokenIndices } from '../../src/maths/onehot';
import { referenceValues } from '../../src/datasets/reference';
import { InputError } from '../../src/core/validate';
import { assertAllClose, assertNoLeak } from '../helpers/tensors';

const g = referenceValues('004');

describe('document 004 §1: one-hot of 新年快樂', () => {
  const { vocabulary, indices } = tokenIndices(Array.from('新年快樂'));
  test('tokens and indices as the table: 新 0, 年 1, 快 2, 樂 3', () => {
    assert.deepEqual(vocabulary, g.one_hot.tokens);
    assert.deepEqual(indices, g.one_hot.indices);
  });
  test("the document's bits 0001 0010 0100 1000, and the standard order 1000 0100 0010 0001", () => {
    assert.deepEqual(
      indices.map((i) => oneHotBits(i, 4, 'document')),
      g.one_hot.document_table,
    );
    assert.deepEqual(
      indices.map((i) => oneHotBits(i, 4)),
      ['1000', '0100', '0010', '0001'],
    );
  });
  test('as vectors: document order and np.eye order', () => {
    const d = oneHot(indices, 4, 'document');
    const s = oneHot(indices, 4);
    assert.deepEqual(d.arraySync(), g.one_hot.as_written);
    assert.deepEqual(s.arraySync(), g.one_hot.standard);
    assert.equal(s.dtype, 'float32');
    tf.dispose([d, s]);
  });
  test('repeated tokens get the index of their first appearance', () => {
    assert.deepEqual(tokenIndices(['a', 'b', 'a']), { vocabulary: ['a', 'b'], indices: [0, 1, 0] });
  });
});

describe('embedding lookup = one-hot times W', () => {
  const W = g.lookup.W;
  test('oneHot W equals the rows of W (numpy: standard_onehot_times_W)', () => {
    const byProduct = tf.tidy(() => tf.matMul(oneHot([0, 1, 2, 3], 4), tf.tensor2d(W)).arraySync());
    const byLookup = tf.tidy(() => embeddingLookup(W, [0, 1, 2, 3]).arraySync());
    assertAllClose(byProduct, g.lookup.standard_onehot_times_W, 1e-7);
    assert.deepEqual(byProduct, byLookup); // multiplying by 0 and 1 is exact
  });
  test("the document's bit order picks W[3 - i] (as_written_onehot_times_W)", () => {
    const r = tf.tidy(() => tf.matMul(oneHot([0, 1, 2, 3], 4, 'document'), tf.tensor2d(W)).arraySync());
    assertAllClose(r, g.lookup.as_written_onehot_times_W, 1e-7);
    assert.deepEqual(
      r,
      tf.tidy(() => embeddingLookup(W, [3, 2, 1, 0]).arraySync()),
    );
  });
  test('a lookup may repeat tokens', () => {
    const r = embeddingLookup(W, [2, 2]);
    assert.deepEqual(r.shape, [2, 3]);
    r.dispose();
  });
});

describe('bad input and leaks', () => {
  test('indices out of range, not integers, empty; bad depth and order', () => {
    assert.throws(() => oneHot([4], 4), /entry 0 is 4, expected an integer in 0\.\.3/);
    assert.throws(() => oneHot([0.5], 4), InputError);
    assert.throws(() => oneHot([-1], 4), InputError);
    assert.throws(() => oneHot([], 4), /non-empty/);
    assert.throws(() => oneHot([0], 0), /depth/);
    assert.throws(() => oneHot([0], 4, 'reversed' as 'standard'), /order/);
    assert.throws(() => oneHotBits(5, 4), InputError);
    assert.throws(
      () =>
        embeddingLookup(
          [
            [1, 2],
            [3, 4],
          ],
          [2],
        ),
      /vocabulary of 2/,
    );
    assert.throws(() => embeddingLookup([[1, 2], [3]], [0]), /rows have different lengths/);
    assert.throws(() => tokenIndices([]), InputError);
    assert.throws(() => tokenIndices(['a', 3 as unknown as string]), /token 1/);
  });
  test('no tensors leak, also when a check throws', () => {
    assertNoLeak(() => oneHot([0, 1, 2, 3], 4, 'document'));
    assertNoLeak(() => embeddingLookup(g.lookup.W, [1, 3]));
    assertNoLeak(() => embeddingLookup(g.lookup.W, [9]));
    assertNoLeak(() => oneHot([9], 4));
  });
});
