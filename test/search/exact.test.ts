// ExactSearch (src/search/exact.ts): topK behind the VectorSearch interface, with ids.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { topK } from '../../src/maths/search';
import { ExactSearch } from '../../src/search/exact';

describe('ExactSearch', () => {
  test('returns topK of the stored rows, as ids, across several adds and query batches', async () => {
    const corpus = tf.tidy(() => tf.randomNormal([300, 8], 0, 1, 'float32', 21).arraySync() as number[][]);
    const queries = tf.tidy(() => tf.randomNormal([300, 8], 0, 1, 'float32', 22).arraySync() as number[][]);
    const s = new ExactSearch(8);
    await s.add(
      Array.from({ length: 100 }, (_, i) => 5000 + i),
      corpus.slice(0, 100),
    );
    await s.add(
      Array.from({ length: 200 }, (_, i) => 5100 + i),
      corpus.slice(100),
    );
    assert.equal(s.count(), 300);
    const got = await s.search(queries, 5);
    const want = topK(queries, corpus, 5);
    assert.equal(got.length, 300);
    got.forEach((hits, q) => {
      assert.deepEqual(
        hits.map((h) => h.id),
        want[q].map((n) => 5000 + n.index),
      );
      hits.forEach((h, j) => assert.ok(Math.abs(h.score - want[q][j].score) < 1e-6));
    });
    await assert.rejects(s.add([5000], [corpus[0]]), /id 5000 is already stored/);
    s.close();
  });

  test('takes 400,000 ids in one add (the whole GloVe vocabulary)', async () => {
    const n = 400_000;
    const s = new ExactSearch(2);
    const values = new Float32Array(2 * n).fill(1);
    values[2 * 123_456] = 5; // one row points elsewhere
    await s.add(
      Array.from({ length: n }, (_, i) => i),
      { values, dim: 2 },
    );
    const [hits] = await s.search([[5, 1]], 1);
    assert.equal(hits[0].id, 123_456);
    s.close();
  });
});
