// Document 004, section 1 (Embedding): token -> index -> one-hot -> embedding.
//   one-hot(i)      a vector of V zeros with a single 1 for token i
//   embedding(i)    one-hot(i) W = row i of W, for a (V, d) weight matrix W
// so an embedding layer is a linear layer without bias whose input is one-hot, and
// it is computed as a row lookup (no multiplications by zeros).
// Bit order: the standard one-hot (np.eye, torch F.one_hot, tf.oneHot) puts token i's 1
// at position i from the left. Document 004's table (新 0001, 年 0010, 快 0100, 樂 1000)
// puts it at position i from the right, like binary place values: the same code with
// the columns reversed. Pick one with `order`.
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, MatrixLike, checkInteger, toMatrix } from '../core/validate';

/** 'standard': the 1 at position i from the left (np.eye). 'document': from the right (004's table). */
export type OneHotOrder = 'standard' | 'document';

function checkOrder(order: unknown, fn: string): OneHotOrder {
  if (order !== 'standard' && order !== 'document')
    throw new InputError(`${fn} order: expected 'standard' or 'document', got ${JSON.stringify(order)}`);
  return order;
}

function checkIndices(indices: unknown, depth: number, fn: string): number[] {
  if (!Array.isArray(indices) || indices.length === 0)
    throw new InputError(`${fn} indices: expected a non-empty array of token indices`);
  indices.forEach((i, n) => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= depth)
      throw new InputError(
        `${fn} indices: entry ${n} is ${String(i)}, expected an integer in 0..${depth - 1} (vocabulary of ${depth})`,
      );
  });
  return indices as number[];
}

/** The vocabulary of a token list in order of first appearance, and each token's index. */
export function tokenIndices(tokens: string[]): { vocabulary: string[]; indices: number[] } {
  if (!Array.isArray(tokens) || tokens.length === 0)
    throw new InputError('tokenIndices: expected a non-empty array of tokens');
  const index = new Map<string, number>();
  const indices = tokens.map((t, n) => {
    if (typeof t !== 'string') throw new InputError(`tokenIndices: token ${n} is ${typeof t}, expected a string`);
    if (!index.has(t)) index.set(t, index.size);
    return index.get(t) as number;
  });
  return { vocabulary: [...index.keys()], indices };
}

/** (N, depth) float32 one-hot rows for N token indices. */
export function oneHot(indices: number[], depth: number, order: OneHotOrder = 'standard'): Tensor2D {
  const fn = 'oneHot';
  checkInteger(depth, `${fn} depth`);
  const idx = checkIndices(indices, depth, fn);
  const o = checkOrder(order, fn);
  const columns = o === 'standard' ? idx : idx.map((i) => depth - 1 - i);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(columns, 'int32'), depth), 'float32') as Tensor2D); // (N, depth)
}

/** A one-hot vector written as digits, e.g. oneHotBits(0, 4, 'document') === '0001'. */
export function oneHotBits(index: number, depth: number, order: OneHotOrder = 'standard'): string {
  const fn = 'oneHotBits';
  checkInteger(depth, `${fn} depth`);
  const [i] = checkIndices([index], depth, fn);
  const pos = checkOrder(order, fn) === 'standard' ? i : depth - 1 - i;
  return Array.from({ length: depth }, (_, j) => (j === pos ? '1' : '0')).join('');
}

/** Rows of an embedding matrix W (V, d) for N token indices: (N, d), the same as oneHot(indices, V) W. */
export function embeddingLookup(W: MatrixLike, indices: number[]): Tensor2D {
  const fn = 'embeddingLookup';
  return tf.tidy(() => {
    const w = toMatrix(W, `${fn} W`); // (V, d)
    const idx = checkIndices(indices, w.shape[0], fn);
    return tf.gather(w, tf.tensor1d(idx, 'int32')) as Tensor2D; // (N, d)
  });
}
