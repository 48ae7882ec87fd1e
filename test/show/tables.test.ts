import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import { MismatchError } from '../../src/show/checks';
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
import { printedAndThrown } from '../helpers/printed';

test('outside a kernel, showMatrix and showComparison print the text rendering', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    showMatrix([[1, 0.5]], { rowLabels: ['a'], colLabels: ['x', 'y'], digits: 1 });
    showComparison([{ what: 'cos', document: '0.77', reference: 0.7743, ours: 0.77432 }], {
      digits: 4,
      tolerance: 1e-4,
    });
  } finally {
    console.log = log;
  }
  assert.match(lines[0], /a\s+1\.0\s+0\.5/);
  assert.match(lines[1], /cos\s+0\.77\s+0\.7743\s+0\.7743\s+2\.0e-5 ✓/);
});

const shown = printedAndThrown;

describe('a row outside its tolerance fails the cell, after the table is shown', () => {
  test('showComparison: MismatchError naming the table, the row, both values and the tolerance', () => {
    const { text, error } = shown(() =>
      showComparison(
        [
          { what: 'red · pink', reference: 0.774329, ours: 0.774329 },
          { what: 'pink · green', reference: 0.318841, ours: 0.32203 },
        ],
        { title: 'cosine' },
      ),
    );
    assert.match(text, /pink · green.*3\.2e-3 ✗/);
    assert.match(text, /red · pink.*✓/);
    assert.ok(error instanceof MismatchError, String(error));
    assert.match(
      (error as Error).message,
      /^showComparison "cosine": row "pink · green": ours 0\.32203, reference 0\.318841, \|ours − reference\| = 3\.19e-3 > tolerance 0\.00001$/,
    );
    assert.deepEqual((error as MismatchError).rows.length, 1);
  });
  test('showComparison: NaN never passes; a row expected to differ shows its reason and does not fail', () => {
    assert.ok(shown(() => showComparison([{ what: 'x', reference: 1, ours: NaN }])).error instanceof MismatchError);
    const { text, error } = shown(() =>
      showComparison([{ what: 'rounded', reference: 0.31884, ours: 0.31, expectedToDiffer: 'the page truncates' }]),
    );
    assert.equal(error, null);
    assert.match(text, /≠ expected: the page truncates/);
    assert.doesNotMatch(text, /✗/);
  });
  test('showComparison: rows without a reference are shown and never fail', () => {
    assert.equal(shown(() => showComparison([{ what: 'x', document: 'named', ours: 3 }])).error, null);
  });
  test('showDifferences: MismatchError naming every failing matrix', () => {
    const { text, error } = shown(() =>
      showDifferences(
        [
          { what: 'Q', ours: [[1, 2]], reference: [[1, 2]] },
          { what: 'weights', ours: [[0.5, 0.5]], reference: [[0.5, 0.6]] },
          { what: 'output', ours: [[2]], reference: [[3]] },
        ],
        { title: 'whole matrices', against: 'numpy', tolerance: 1e-4 },
      ),
    );
    assert.match(text, /weights.*1\.0e-1 ✗/);
    assert.ok(error instanceof MismatchError);
    assert.match((error as Error).message, /^showDifferences "whole matrices": 2 rows fail:/);
    assert.match((error as Error).message, /row "weights": max \|ours − numpy\| = 1\.00e-1 > tolerance 0\.0001/);
    assert.match((error as Error).message, /row "output": max \|ours − numpy\| = 1\.00e\+0/);
  });
  test('showDifferences: an expected difference passes, shown with its reason', () => {
    const { text, error } = shown(() =>
      showDifferences([{ what: 'float16', ours: [[1]], reference: [[1.001]], expectedToDiffer: 'half precision' }]),
    );
    assert.equal(error, null);
    assert.match(text, /≠ expected: half precision/);
  });
  test('no tensor leaks when a check fails', () =>
    assertNoLeak(() => shown(() => showDifferences([{ what: 'm', ours: [[1]], reference: [[2]] }]))));
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
