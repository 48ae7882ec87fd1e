import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { softmax } from '../../src/maths/softmax';
import { InputError } from '../../src/core/validate';
import { referenceValues } from '../../src/datasets/reference';
import { assertAllClose, assertNoLeak } from '../helpers/tensors';

const g000 = referenceValues('000');
const g003 = referenceValues('003');

describe('softmax against the documents', () => {
  test('003: softmax([2.0, 1.0, 0.1]) = [0.65900114 0.24243297 0.09856589]', () => {
    const p = softmax(g003.softmax_example.input);
    assertAllClose(p, g003.softmax_example.probabilities, 1e-7); // float32 vs float64
    assertAllClose(p, [0.65900114, 0.24243297, 0.09856589], 1e-7); // as printed, 8 decimals
    p.dispose();
  });
  test("000: row softmax of the raw RGB scores equals torch's F.softmax(dim=1)", () => {
    const p = softmax(g000.simi_02.scores);
    assertAllClose(p, g000.simi_02.attention_weights, 1e-7);
    p.dispose();
  });
  test('000 extension: softmax of the cosine matrix', () => {
    const p = softmax(g000.extension.simi_02_x.cosine);
    assertAllClose(p, g000.extension.simi_02_x.softmax_cosine, 1e-6);
    p.dispose();
  });
});

describe('softmax properties', () => {
  test('stable for huge scores (no NaN from exp overflow)', () => {
    const p = tf.tidy(() => softmax([[1e6, 1e6 - 1, 0]]).arraySync() as number[][]);
    assert.ok(p[0].every(Number.isFinite));
    assertAllClose(p, [[1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1)), 0]], 1e-6);
  });
  test('rows sum to 1 along the chosen axis', () => {
    const p = tf.tidy(() =>
      softmax(
        [
          [1, 2],
          [3, 5],
        ],
        { axis: 0 },
      )
        .sum(0)
        .arraySync(),
    );
    assertAllClose(p, [1, 1], 1e-6);
  });
  test('temperature: large T flattens toward uniform, small T sharpens', () => {
    const hot = tf.tidy(() => softmax([1, 2, 3], { temperature: 1000 }).arraySync() as number[]);
    hot.forEach((v) => assert.ok(Math.abs(v - 1 / 3) < 1e-3));
    const cold = tf.tidy(() => softmax([1, 2, 3], { temperature: 0.01 }).arraySync() as number[]);
    assertAllClose(cold, [0, 0, 1], 1e-6);
  });
});

const BAD: Array<[string, () => unknown, RegExp]> = [
  ['empty', () => softmax([]), /softmax scores: is empty/],
  ['NaN', () => softmax([1, NaN]), /softmax scores: element \[1\] is NaN/],
  ['axis out of range', () => softmax([1, 2], { axis: 1 }), /softmax axis: 1 is out of range for a tensor of rank 1/],
  ['temperature 0', () => softmax([1, 2], { temperature: 0 }), /softmax temperature: must be > 0, got 0/],
  [
    'temperature string',
    () => softmax([1, 2], { temperature: 'hot' as unknown as number }),
    /softmax temperature: value is string hot/,
  ],
  [
    'not numbers',
    () => softmax('abc' as unknown as number[]),
    /softmax scores: expected a tensor or nested arrays of numbers/,
  ],
];

describe('bad input', () => {
  for (const [name, fn, message] of BAD)
    test(name, () => assert.throws(fn, (e: unknown) => e instanceof InputError && message.test((e as Error).message)));
});

test('no tensor leaks', () => {
  assertNoLeak(() =>
    softmax([
      [1, 2],
      [3, 4],
    ]),
  );
  assertNoLeak(() =>
    softmax(
      [
        [1, 2],
        [3, 4],
      ],
      { temperature: 0.5, axis: 0 },
    ),
  );
  for (const [, fn] of BAD) assertNoLeak(fn);
});
