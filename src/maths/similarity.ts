// Similarity of vectors: dot product, length (L2 norm), cosine, Euclidean distance,
// and the pairwise cosine matrix of two sets of row vectors.
// Conventions follow scikit-learn's `cosine_similarity`: rows are L2-normalised
// first and a zero-length row is left as zeros, so its cosine with anything is 0.
// Every function runs inside tf.tidy, so inputs converted from arrays and all
// intermediates are freed even when a check throws.
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, MatrixLike, VectorLike, toMatrix, toVector } from '../core/validate';

function pair(a: VectorLike, b: VectorLike, what: string): [Tensor1D, Tensor1D] {
  const x = toVector(a, `${what}: a`);
  const y = toVector(b, `${what}: b`);
  if (x.size !== y.size) throw new InputError(`${what}: vectors have different lengths (${x.size} and ${y.size})`);
  return [x, y];
}

function sameWidth(a: Tensor2D, b: Tensor2D, what: string): void {
  if (a.shape[1] !== b.shape[1])
    throw new InputError(`${what}: X has vectors of width ${a.shape[1]} but Y has width ${b.shape[1]}`);
}

/** a . b = sum_i a_i b_i */
export function dot(a: VectorLike, b: VectorLike): number {
  return tf.tidy(() => {
    const [x, y] = pair(a, b, 'dot');
    return tf.dot(x, y).dataSync()[0];
  });
}

/** ||a|| = sqrt(a . a), the Euclidean length. */
export function norm(a: VectorLike): number {
  return tf.tidy(() => tf.norm(toVector(a, 'norm')).dataSync()[0]);
}

/** cos(theta) = a . b / (||a|| ||b||); 0 when either vector has zero length. */
export function cosineSimilarity(a: VectorLike, b: VectorLike): number {
  return tf.tidy(() => {
    const [x, y] = pair(a, b, 'cosineSimilarity');
    const lengths = tf.mul(tf.norm(x), tf.norm(y)).dataSync()[0];
    if (lengths === 0) return 0;
    const c = tf.div(tf.dot(x, y), lengths).dataSync()[0];
    return Math.min(1, Math.max(-1, c)); // rounding can step just past +-1
  });
}

/** The angle between two vectors, in degrees (0 = same direction, 90 = orthogonal). */
export function angleDegrees(a: VectorLike, b: VectorLike): number {
  return (Math.acos(cosineSimilarity(a, b)) * 180) / Math.PI;
}

/** ||a - b||, the straight-line distance between two points. */
export function euclideanDistance(a: VectorLike, b: VectorLike): number {
  return tf.tidy(() => {
    const [x, y] = pair(a, b, 'euclideanDistance');
    return tf.norm(tf.sub(x, y)).dataSync()[0];
  });
}

/** Rows divided by their L2 norm; zero rows stay zero (scikit-learn's `normalize`). */
export function l2Normalize(X: MatrixLike): Tensor2D {
  return tf.tidy(() => {
    const m = toMatrix(X, 'l2Normalize');
    const n = tf.norm(m, 'euclidean', 1, true);
    return tf.div(m, tf.where(tf.equal(n, 0), tf.onesLike(n), n));
  });
}

/**
 * Pairwise cosine similarity: entry [i][j] is cos(X_i, Y_j). With one argument,
 * Y = X and the result is the square similarity matrix of the documents.
 */
export function cosineSimilarityMatrix(X: MatrixLike, Y?: MatrixLike): Tensor2D {
  return tf.tidy(() => {
    const a = l2Normalize(X);
    const b = Y === undefined ? a : l2Normalize(Y);
    sameWidth(a, b, 'cosineSimilarityMatrix');
    return tf.clipByValue(tf.matMul(a, b, false, true), -1, 1) as Tensor2D;
  });
}

/** Raw dot-product scores X Y^T (no normalisation): what attention starts from. */
export function dotProductMatrix(X: MatrixLike, Y?: MatrixLike): Tensor2D {
  return tf.tidy(() => {
    const a = toMatrix(X, 'dotProductMatrix: X');
    const b = Y === undefined ? a : toMatrix(Y, 'dotProductMatrix: Y');
    sameWidth(a, b, 'dotProductMatrix');
    return tf.matMul(a, b, false, true) as Tensor2D;
  });
}
