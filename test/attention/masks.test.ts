import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { causalMask, maskCost, slidingWindowMask, symmetricWindowMask } from '../../src/attention';
import type { Tensor } from '@tensorflow/tfjs-node';
import { assertInputError, assertNoLeak } from './_helpers';

const read = (t: Tensor) => {
  const a = (t.arraySync() as number[][]).map((r) => r.map(Boolean));
  t.dispose();
  return a;
};
const build = (nQ: number, nK: number, keep: (i: number, j: number) => boolean) =>
  Array.from({ length: nQ }, (_, i) => Array.from({ length: nK }, (_, j) => keep(i, j)));

describe('masks', () => {
  test('causalMask is tril(ones(nQ, nK)), top-left aligned like torch is_causal', () => {
    assert.deepEqual(
      read(causalMask(4)),
      build(4, 4, (i, j) => j <= i),
    );
    assert.deepEqual(
      read(causalMask(3, 5)),
      build(3, 5, (i, j) => j <= i),
    );
    assert.deepEqual(
      read(causalMask(5, 3)),
      build(5, 3, (i, j) => j <= i),
    );
    const m = causalMask(2);
    assert.equal(m.dtype, 'bool');
    m.dispose();
  });

  test('slidingWindowMask: each query sees the `window` most recent keys including itself', () => {
    assert.deepEqual(
      read(slidingWindowMask(6, 3)),
      build(6, 6, (i, j) => j <= i && i - j < 3),
    );
    assert.deepEqual(
      read(slidingWindowMask(4, 1)),
      build(4, 4, (i, j) => i === j),
    );
    assert.deepEqual(read(slidingWindowMask(4, 9)), read(causalMask(4)));
    const perRow = read(slidingWindowMask(8, 3)).map((r) => r.filter(Boolean).length);
    assert.deepEqual(perRow, [1, 2, 3, 3, 3, 3, 3, 3]);
  });

  test('symmetricWindowMask: |i - j| <= radius, looking both ways', () => {
    assert.deepEqual(
      read(symmetricWindowMask(6, 2)),
      build(6, 6, (i, j) => Math.abs(i - j) <= 2),
    );
    assert.deepEqual(
      read(symmetricWindowMask(3, 0)),
      build(3, 3, (i, j) => i === j),
    );
  });

  test('maskCost counts attended pairs against N^2', () => {
    assert.deepEqual(maskCost(causalMask(10) as Tensor), { attended: 55, total: 100, fraction: 0.55 });
    const w = slidingWindowMask(100, 8);
    assert.equal(maskCost(w).attended, 8 * 100 - (8 * 7) / 2);
    w.dispose();
    assert.deepEqual(
      maskCost([
        [0, -Infinity],
        [0, 0],
      ]),
      { attended: 3, total: 4, fraction: 0.75 },
    );
    assert.deepEqual(maskCost([[true, false, false]]), { attended: 1, total: 3, fraction: 1 / 3 });
  });

  test('bad sizes are rejected with the argument named', () => {
    assertInputError(() => causalMask(0), /causalMask nQ: must be an integer >= 1, got 0/);
    assertInputError(() => causalMask(3, 2.5), /causalMask nK: must be an integer >= 1, got 2.5/);
    assertInputError(() => slidingWindowMask(5, 0), /slidingWindowMask window: must be an integer >= 1, got 0/);
    assertInputError(() => slidingWindowMask(NaN, 2), /slidingWindowMask n: value is NaN/);
    assertInputError(() => symmetricWindowMask(5, -1), /symmetricWindowMask radius: must be an integer >= 0, got -1/);
    assertInputError(() => maskCost([]), /maskCost mask: is empty/);
    assertInputError(
      () => maskCost('all' as unknown as boolean[][]),
      /maskCost mask: expected a tensor or nested arrays/,
    );
  });

  test('no tensor leaks, returning or throwing', () => {
    assertNoLeak(() => causalMask(5, 7));
    assertNoLeak(() => slidingWindowMask(6, 2));
    assertNoLeak(() => symmetricWindowMask(6, 1));
    assertNoLeak(() => maskCost([[true, false]]));
    assertNoLeak(() => maskCost([[0, NaN]]));
    assertNoLeak(() => slidingWindowMask(6, 0));
  });
});
