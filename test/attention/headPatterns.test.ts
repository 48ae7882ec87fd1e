import assert from 'node:assert/strict';
import { test } from 'node:test';
import { antiDiagonalWeight, diagonalWeight, headPattern, rowEntropy } from '../../src/attention/headPatterns';
import { InputError } from '../../src/core/validate';

const eye = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

test('a head that looks at itself: same 1, previous and next 0, entropy 0', () => {
  assert.deepEqual(headPattern(eye(4)), { same: 1, previous: 0, next: 0, entropy: 0, maxEntropy: Math.log(4) });
});
test('a previous-piece head (the first query looks at itself)', () => {
  const w = [
    [1, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
  ];
  const p = headPattern(w);
  assert.equal(p.previous, 1);
  assert.equal(p.same, 1 / 3);
  assert.equal(p.next, 0);
  assert.equal(diagonalWeight(w, -1), 1);
  assert.ok(Number.isNaN(diagonalWeight(w, 5)));
});
test('uniform rows have entropy ln N; the anti-diagonal of a reversal', () => {
  const u = Array.from({ length: 5 }, () => Array(5).fill(0.2));
  assert.ok(Math.abs(rowEntropy(u) - Math.log(5)) < 1e-12);
  const rev = eye(4).map((r) => [...r].reverse());
  assert.equal(antiDiagonalWeight(rev), 1);
  assert.equal(antiDiagonalWeight(eye(4)), 0);
});
test('bad input: not square, rows not summing to 1, negative weights', () => {
  assert.throws(() => headPattern([[0.5, 0.5]]), InputError);
  assert.throws(
    () =>
      headPattern([
        [0.5, 0.4],
        [0.5, 0.5],
      ]),
    /row 0 sums to 0.9/,
  );
  assert.throws(
    () =>
      rowEntropy([
        [1.5, -0.5],
        [0.5, 0.5],
      ]),
    /expected a finite number >= 0/,
  );
  assert.throws(() => headPattern([] as number[][]), /non-empty/);
  assert.throws(() => diagonalWeight(eye(2), 0.5), /integer/);
});
