import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { MismatchError, check, checkEqual, checkProse, checkTensorsFreed } from '../../src/show/checks';
import { printedAndThrown } from '../helpers/printed';

const run = printedAndThrown;

const failsWith = (fn: () => void, re: RegExp) => {
  const { error } = run(fn);
  assert.ok(error instanceof MismatchError, `expected a MismatchError, got ${String(error)}`);
  assert.match((error as Error).message, re);
};

describe('check', () => {
  test('a claim that holds prints ✓ and its detail', () =>
    assert.equal(
      run(() => check('the cat pair is the more similar', true, '0.91 vs 0.54')).text,
      '✓ the cat pair is the more similar (0.91 vs 0.54)',
    ));
  test('a false claim throws, naming it', () =>
    failsWith(
      () => check('every row picks element 1', false, '1 1 7'),
      /^check failed: every row picks element 1 \(1 1 7\)$/,
    ));
});

describe('checkEqual', () => {
  test('equal strings, arrays and objects pass', () => {
    assert.match(
      run(() => checkEqual('ids', [1, 12113, 338], [1, 12113, 338], 'test/golden/001.json')).text,
      /^✓ ids: identical to test\/golden\/001\.json$/,
    );
    assert.equal(run(() => checkEqual('obj', { a: [1, 2] }, { a: [1, 2] })).error, null);
  });
  test('a difference throws with both values; for strings, where they first differ', () => {
    failsWith(
      () => checkEqual('ids', [1, 2, 3], [1, 2, 4], 'tiktoken'),
      /ids: ours \[1,2,3\] differs from tiktoken \[1,2,4\]/,
    );
    failsWith(() => checkEqual('printout', '[10.1]\n', '[10.100000000000001]\n'), /first difference at character 5/);
    failsWith(() => checkEqual('type', 1, '1'), /ours 1 differs from the reference "1"/);
  });
});

describe('checkProse: numbers as the text states them', () => {
  test('rounded to the digits written, commas and minus signs as prose writes them', () => {
    const { text, error } = run(() =>
      checkProse([
        { says: '0.77', value: 0.7743 },
        { says: '43,425', value: 43425 },
        { says: '−0.5', value: -0.503 },
        { says: '39.3', value: 39.3231 },
      ]),
    );
    assert.equal(error, null);
    assert.match(text, /✓ .*0\.77, 43,425, −0\.5, 39\.3/);
  });
  test('the defects the close reading found would fail', () => {
    // 03 §3 said "between about 54 and 87"; the cells give 32.0 to 86.8
    failsWith(() => checkProse([{ says: '54', value: 32.0 }]), /the text says 54, the cells give 32 \(32\)/);
    failsWith(
      () => checkProse([{ says: '0.31', value: 0.3188 }]),
      /the text says 0\.31, the cells give 0\.3188 \(0\.32\)/,
    );
  });
  test('about: a relative tolerance', () => {
    assert.equal(run(() => checkProse([{ says: '131,000', value: 131040, about: 0.01 }])).error, null);
    failsWith(
      () => checkProse([{ says: '6', value: 5, about: 0.1 }]),
      /about 6, the cells give 5 \(more than 10 % away\)/,
    );
  });
  test('every miss is listed', () =>
    failsWith(
      () =>
        checkProse([
          { says: '1', value: 2 },
          { says: '3', value: 4 },
        ]),
      /2 rows fail/,
    ));
});

describe('checkTensorsFreed', () => {
  test('passes when the count is back, fails naming how many were left', () => {
    const start = tf.memory().numTensors;
    assert.match(run(() => checkTensorsFreed(start)).text, /✓ tensors allocated: \d+, as at the start/);
    const leaked = tf.ones([2]);
    failsWith(() => checkTensorsFreed(start), /tensors leaked: .*1 not disposed/);
    leaked.dispose();
    assert.equal(run(() => checkTensorsFreed(start)).error, null);
  });
});
