import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { recallAtK } from '../../src/search/recall';

const hits = (...ids: number[]) => ids.map((id) => ({ id, score: 0 }));

describe('recallAtK', () => {
  test('the share of the exact top-k found, averaged over queries; order inside the k does not matter', () => {
    const exact = [hits(1, 2, 3, 4), hits(5, 6, 7, 8)];
    assert.equal(recallAtK([hits(4, 3, 2, 1), hits(5, 6, 9, 10)], exact, 4), 6 / 8);
    assert.equal(recallAtK([hits(1, 9), hits(9, 5)], exact, 2), 2 / 4);
    assert.equal(recallAtK([hits(1, 2, 3, 4), hits(5, 6, 7, 8)], exact, 4), 1);
  });
  test('only the first k approximate hits count', () => {
    assert.equal(recallAtK([hits(9, 9, 1)], [hits(1, 2)], 2), 0);
  });
  test('bad input is an InputError', () => {
    assert.throws(() => recallAtK([hits(1)], [hits(1)], 0), InputError);
    assert.throws(() => recallAtK([], [hits(1)], 1), /0 approximate results for 1 queries/);
    assert.throws(() => recallAtK([hits(1)], [hits(1)], 2), /fewer than k = 2/);
  });
});
