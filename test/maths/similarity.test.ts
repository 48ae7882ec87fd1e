import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import {
  angleDegrees,
  cosineSimilarity,
  cosineSimilarityMatrix,
  dot,
  dotProductMatrix,
  euclideanDistance,
  l2Normalize,
  norm,
} from '../../src/maths/similarity';
import { InputError } from '../../src/core/validate';
import { referenceValues } from '../../src/datasets/reference';
import { oneHot } from '../../src/maths/onehot';
import { assertAllClose, assertClose, assertNoLeak } from '../helpers/tensors';

const g000 = referenceValues('000');
const g001 = referenceValues('001');
const g002 = referenceValues('002');
const g4 = referenceValues('004');

describe('document 000: the RGB cosine matrix (simi_01.py, scikit-learn)', () => {
  test("matches the document's code to float32 precision", () => {
    const S = cosineSimilarityMatrix(g000.simi_01.x);
    assertAllClose(S, g000.simi_01.similarity_matrix, 1e-6, 'similarity matrix');
    S.dispose();
  });
  test("the values the document's text reads off", () => {
    const s = tf.tidy(() => cosineSimilarityMatrix(g000.simi_01.x).arraySync());
    assert.equal(s[0][1].toFixed(2), '0.77'); // red-pink
    assert.equal(Math.trunc(s[1][2] * 100) / 100, 0.31); // pink-green: the page truncates 0.3188
    assert.equal(s[0][2], 0); // red-green: orthogonal
  });
  test('pre-normalised input (as the document does) gives the same matrix', () => {
    const S = cosineSimilarityMatrix(g000.simi_01.normalized_x);
    assertAllClose(S, g000.simi_01.similarity_matrix, 1e-6);
    S.dispose();
  });
});

describe('document 000: raw dot-product scores (simi_02.py)', () => {
  test("X X^T equals torch's scores", () => {
    const s = dotProductMatrix(g000.simi_02.x);
    assertAllClose(s, g000.simi_02.scores, 0);
    s.dispose();
  });
});

describe('document 001: vector basics', () => {
  test('dot([1,2,3],[4,5,6]) = 32', () => assert.equal(dot(g001.vector, g001.vector2), g001.dot));
});

describe('document 002: distances and the 39.3 degree angle', () => {
  test('distance (6,4)-(2,8) = sqrt(32)', () =>
    assertClose(euclideanDistance(g002.euclidean_2d.a, g002.euclidean_2d.b), g002.euclidean_2d.distance, 1e-6));
  test('distance (3,2,5)-(4,5,2) = sqrt(19)', () =>
    assertClose(euclideanDistance(g002.euclidean_3d.a, g002.euclidean_3d.b), g002.euclidean_3d.distance, 1e-6));
  test('cos((3,2,5),(4,5,2)) and its angle, 39.3 degrees', () => {
    const { a, b } = g002.cosine_3d;
    assertClose(cosineSimilarity(a, b), g002.cosine_3d.cos_theta, 1e-6);
    assertClose(angleDegrees(a, b), g002.cosine_3d.angle_degrees, 1e-4);
    assert.equal(angleDegrees(a, b).toFixed(1), '39.3');
    assertClose(norm(a), g002.cosine_3d.norm_a, 1e-6);
  });
});

describe('document 004: one-hot distances and the two scientists', () => {
  test('every pair of one-hot vectors: cosine 0, distance sqrt(2)', () => {
    const cos = cosineSimilarityMatrix(g4.one_hot.standard);
    assertAllClose(cos, g4.one_hot.pairwise_cosine, 1e-7);
    cos.dispose();
    const rows = tf.tidy(() => oneHot([0, 1, 2, 3], 4).arraySync());
    rows.forEach((a, i) =>
      rows.forEach((b, j) => assert.ok(Math.abs(euclideanDistance(a, b) - g4.one_hot.pairwise_distance[i][j]) < 1e-6)),
    );
  });
  test('mathematician vs physicist cosine (our illustrative values)', () => {
    const s = g4.scientists;
    assert.ok(Math.abs(cosineSimilarity(s.mathematician, s.physicist) - s.cosine) < 1e-6);
    assert.ok(
      Math.abs(cosineSimilarity(s.mathematician.slice(0, 2), s.physicist.slice(0, 2)) - s.cosine_first_two_features) <
        1e-6,
    );
  });
});

describe("scikit-learn's conventions", () => {
  test('a zero vector has cosine 0 with anything, never NaN', () => {
    assert.equal(cosineSimilarity([0, 0], [1, 2]), 0);
    const S = tf.tidy(() =>
      cosineSimilarityMatrix([
        [0, 0],
        [1, 0],
      ]).arraySync(),
    );
    assert.deepEqual(S, [
      [0, 0],
      [0, 1],
    ]);
  });
  test('l2Normalize leaves zero rows as zeros and makes other rows unit length', () => {
    const n = tf.tidy(() =>
      l2Normalize([
        [3, 4],
        [0, 0],
      ]).arraySync(),
    );
    assertAllClose(
      n,
      [
        [0.6, 0.8],
        [0, 0],
      ],
      1e-7,
    );
  });
  test('cosine is scale-blind and bounded to [-1, 1]', () => {
    assertClose(cosineSimilarity([1, 2, 3], [10, 20, 30]), 1, 1e-6);
    assertClose(cosineSimilarity([1, 2, 3], [-2, -4, -6]), -1, 1e-6);
  });
  test('rectangular cosine matrix of two sets', () => {
    const S = cosineSimilarityMatrix(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [[1, 0]],
    );
    assert.deepEqual(S.shape, [3, 1]);
    assertAllClose(S, [[1], [0], [Math.SQRT1_2]], 1e-6);
    S.dispose();
  });
});

const BAD: Array<[string, () => unknown, RegExp]> = [
  ['dot: different lengths', () => dot([1, 2], [1, 2, 3]), /dot: vectors have different lengths \(2 and 3\)/],
  ['dot: empty', () => dot([], []), /dot: a: is empty/],
  ['norm: NaN', () => norm([NaN]), /norm: element 0 is NaN/],
  [
    'cosineSimilarity: Infinity',
    () => cosineSimilarity([1, Infinity], [1, 2]),
    /cosineSimilarity: a: element 1 is Infinity/,
  ],
  [
    'cosineSimilarity: non-numeric',
    () => cosineSimilarity([1, 2], ['x', 2] as unknown as number[]),
    /cosineSimilarity: b: element 0 is string x/,
  ],
  ['angleDegrees: lengths', () => angleDegrees([1], [1, 2]), /different lengths/],
  [
    'euclideanDistance: lengths',
    () => euclideanDistance([1, 2, 3], [1, 2]),
    /euclideanDistance: vectors have different lengths \(3 and 2\)/,
  ],
  ['l2Normalize: ragged', () => l2Normalize([[1, 2], [1]]), /rows have different lengths/],
  [
    'cosineSimilarityMatrix: widths',
    () => cosineSimilarityMatrix([[1, 2]], [[1, 2, 3]]),
    /X has vectors of width 2 but Y has width 3/,
  ],
  ['cosineSimilarityMatrix: empty', () => cosineSimilarityMatrix([]), /is empty/],
  ['dotProductMatrix: NaN', () => dotProductMatrix([[1, NaN]]), /dotProductMatrix: X: element \[0\]\[1\] is NaN/],
  ['dotProductMatrix: widths', () => dotProductMatrix([[1]], [[1, 2]]), /X has vectors of width 1 but Y has width 2/],
];

describe('bad input', () => {
  for (const [name, fn, message] of BAD) {
    test(name, () => assert.throws(fn, (e: unknown) => e instanceof InputError && message.test((e as Error).message)));
  }
});

describe('no tensor leaks', () => {
  const X = [
    [255, 0, 0],
    [255, 105, 180],
    [0, 255, 0],
  ];
  const fns: Array<[string, () => unknown]> = [
    ['dot', () => dot([1, 2], [3, 4])],
    ['norm', () => norm([3, 4])],
    ['cosineSimilarity', () => cosineSimilarity([1, 2], [3, 4])],
    ['cosineSimilarity zero', () => cosineSimilarity([0, 0], [3, 4])],
    ['euclideanDistance', () => euclideanDistance([1, 2], [3, 4])],
    ['l2Normalize', () => l2Normalize(X)],
    ['cosineSimilarityMatrix', () => cosineSimilarityMatrix(X)],
    ['cosineSimilarityMatrix X,Y', () => cosineSimilarityMatrix(X, X)],
    ['dotProductMatrix', () => dotProductMatrix(X)],
    ...BAD.map(([n, f]) => [`${n} (throws)`, f] as [string, () => unknown]),
  ];
  for (const [name, fn] of fns) test(name, () => assertNoLeak(fn));
});
