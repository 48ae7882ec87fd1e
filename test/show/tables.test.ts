import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import {
  formatMatrix,
  matrixTableHtml,
  maxAbsDiff,
  showComparison,
  showDifferences,
  showMatrix,
  showTable,
} from '../../src/show/tables';
import { assertNoLeak } from '../helpers/tensors';

test('outside a kernel, showMatrix and showComparison print the text rendering', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    showMatrix([[1, 0.5]], { rowLabels: ['a'], colLabels: ['x', 'y'], digits: 1 });
    showComparison([{ what: 'cos', document: '0.77', reference: 0.7743, ours: 0.77432 }], { digits: 4 });
  } finally {
    console.log = log;
  }
  assert.match(lines[0], /a\s+1\.0\s+0\.5/);
  assert.match(lines[1], /cos\s+0\.77\s+0\.7743\s+0\.7743\s+2\.0e-5 ✗/);
});

test('outside a kernel, showTable prints its title and aligned text: first column left, the others right', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    showTable(
      ['N', 'pairs', 'note'],
      [
        ['1,024', '1,048,576', '<all>'],
        ['4,096', '16,777,216', 'a & b'],
      ],
      'cost',
    );
  } finally {
    console.log = log;
  }
  assert.equal(lines[0], 'cost\nN           pairs   note\n1,024   1,048,576  <all>\n4,096  16,777,216  a & b');
});

describe('matrix tables', () => {
  test('labels, alignment and digits', () => {
    const t = formatMatrix(
      [
        [1, 0.77432],
        [0.77432, 1],
      ],
      { rowLabels: ['red', 'pink'], colLabels: ['red', 'pink'], digits: 2 },
    );
    assert.equal(t, '       red  pink\nred   1.00  0.77\npink  0.77  1.00');
  });
  test('tensors are accepted and not consumed', () => {
    const m = tf.tensor2d([[1, 2]]);
    assert.match(formatMatrix(m), /1\.0000\s+2\.0000/);
    assert.equal(m.isDisposed, false);
    m.dispose();
  });
  test('HTML labels are escaped', () => {
    assert.ok(matrixTableHtml([[1]], { rowLabels: ['<b>'], colLabels: ['&'] }).includes('&lt;b&gt;'));
  });
  const BAD: Array<[string, () => unknown, RegExp]> = [
    ['label count', () => formatMatrix([[1, 2]], { colLabels: ['a'] }), /1 column labels for 2 columns/],
    ['ragged', () => formatMatrix([[1, 2], [3]]), /row 1 has 1 values, row 0 has 2/],
    ['not numbers', () => formatMatrix([['a']] as unknown as number[][]), /element \[0\]\[0\] is not a number/],
    ['empty', () => matrixTableHtml([]), /expected a non-empty number\[\]\[\]/],
    ['rank 3 tensor', () => formatMatrix(tf.zeros([1, 1, 1])), /expected a matrix \(rank 2\)/],
    ['comparison without rows', () => showComparison([]), /at least one row/],
  ];
  for (const [name, fn, re] of BAD)
    test(`bad input: ${name}`, () =>
      assert.throws(fn, (e: unknown) => e instanceof InputError && re.test((e as Error).message)));
  test('no tensor leaks', () => assertNoLeak(() => tf.tidy(() => formatMatrix(tf.ones([2, 2])))));
});

describe('whole matrices beside the reference', () => {
  test('maxAbsDiff of tensors and arrays', () => {
    assert.equal(
      maxAbsDiff(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2.5],
          [3, 3],
        ],
      ),
      1,
    );
    const t = tf.tensor2d([[1, 2]]);
    assert.equal(maxAbsDiff(t, [[1, 2]]), 0);
    t.dispose();
  });
  test('showDifferences prints one line per matrix (text outside a kernel)', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: unknown) => lines.push(String(s));
    try {
      showDifferences([{ what: 'weights', ours: [[0.5, 0.5]], reference: [[0.5, 0.5000001]] }], {
        title: 'T',
        against: 'numpy',
      });
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
