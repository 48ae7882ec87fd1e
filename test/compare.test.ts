import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../src/core/backend';
import { maxAbsDiff, showDifferences } from '../src/compare';
import { InputError } from '../src/core/validate';
import { assertNoLeak } from './helpers/tensors';

describe('compare', () => {
  test('maxAbsDiff of tensors and arrays', () => {
    assert.equal(maxAbsDiff([[1, 2], [3, 4]], [[1, 2.5], [3, 3]]), 1);
    const t = tf.tensor2d([[1, 2]]);
    assert.equal(maxAbsDiff(t, [[1, 2]]), 0);
    t.dispose();
  });
  test('showDifferences prints one line per matrix (text outside a kernel)', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: unknown) => lines.push(String(s));
    try {
      showDifferences([{ what: 'weights', ours: [[0.5, 0.5]], reference: [[0.5, 0.5000001]] }], { title: 'T', against: 'numpy' });
    } finally {
      console.log = log;
    }
    assert.match(lines.join('\n'), /^T\n.*max \|ours − numpy\|\nweights\s+1 × 2\s+0\.5000\s+1\.\de-7 ✓$/);
  });
  test('bad input', () => {
    assert.throws(() => maxAbsDiff([[1, 2]], [[1], [2]]), /shapes differ, ours \[1, 2\] and reference \[2, 1\]/);
    assert.throws(() => maxAbsDiff([[1, NaN]], [[1, 2]]), InputError);
    assert.throws(() => maxAbsDiff([], [1]), InputError);
    assert.throws(() => showDifferences([]), /at least one row/);
  });
  test('no leaks', () => {
    assertNoLeak(() => maxAbsDiff([[1, 2]], [[1, 3]]));
    assertNoLeak(() => maxAbsDiff([[1, 2]], [[1], [3]]));
  });
});
