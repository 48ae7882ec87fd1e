// What one attention head does, measured on its weights rather than judged by eye: the
// mean weight a query puts on its own position, on the previous and on the next one (the
// diagonals of the map), any other diagonal (the anti-diagonal of a reversal), and how
// spread each row is (its entropy: 0 nats for a one-hot row, ln N for a uniform one).
import { InputError } from '../core/validate';

export interface HeadPattern {
  /** Mean weight on the query's own position, w[i][i]. */
  same: number;
  /** Mean weight on the previous position, w[i][i-1], over queries 1..N-1. */
  previous: number;
  /** Mean weight on the next position, w[i][i+1], over queries 0..N-2. */
  next: number;
  /** Mean entropy of the rows, in nats. */
  entropy: number;
  /** ln N: the entropy of a uniform row, for scale. */
  maxEntropy: number;
}

/**
 * Checks a map of weight rows that sum to 1 (within 1e-4): square (queries × the same keys)
 * unless `square` is false.
 */
export function checkWeightRows(weights: unknown, fn: string, square = true): number[][] {
  if (!Array.isArray(weights) || weights.length === 0 || !Array.isArray(weights[0]) || weights[0].length === 0)
    throw new InputError(
      `${fn}: expected a non-empty${square ? ' square' : ''} matrix of attention weights (number[][])`,
    );
  const n = square ? weights.length : (weights[0] as unknown[]).length;
  weights.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== n)
      throw new InputError(
        `${fn}: row ${i} does not have ${n} weights${square ? ' (the map must be square: queries × keys)' : ''}`,
      );
    let sum = 0;
    row.forEach((w: unknown, j) => {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
        throw new InputError(`${fn}: weight [${i}][${j}] is ${String(w)}, expected a finite number >= 0`);
      sum += w;
    });
    if (Math.abs(sum - 1) > 1e-4) throw new InputError(`${fn}: row ${i} sums to ${sum}, not 1`);
  });
  return weights as number[][];
}

/** Mean of w[i][j(i)] over the rows where j(i) is a position. */
function meanAlong(w: number[][], key: (i: number) => number): number {
  let sum = 0;
  let count = 0;
  w.forEach((row, i) => {
    const j = key(i);
    if (j >= 0 && j < row.length) {
      sum += row[j];
      count += 1;
    }
  });
  return count ? sum / count : NaN;
}

/** Mean weight on the diagonal `offset` (0 same, -1 previous, +1 next), NaN when no query has such a key. */
export function diagonalWeight(weights: number[][], offset: number): number {
  const w = checkWeightRows(weights, 'diagonalWeight');
  if (!Number.isInteger(offset)) throw new InputError(`diagonalWeight offset: expected an integer, got ${offset}`);
  return meanAlong(w, (i) => i + offset);
}

/** Mean weight on the anti-diagonal, w[i][N-1-i]: where a head that reverses a sequence looks. */
export function antiDiagonalWeight(weights: number[][]): number {
  const w = checkWeightRows(weights, 'antiDiagonalWeight');
  return meanAlong(w, (i) => w.length - 1 - i);
}

/** Mean row entropy in nats (-Σ w ln w, with 0 ln 0 = 0); any number of keys (an alignment of output to input). */
export function rowEntropy(weights: number[][]): number {
  const w = checkWeightRows(weights, 'rowEntropy', false);
  const h = w.map((row) => row.reduce((s, p) => (p > 0 ? s - p * Math.log(p) : s), 0));
  return h.reduce((a, b) => a + b, 0) / h.length;
}

/** Same, previous and next-position weight and row entropy of one head's map (queries × keys). */
export function headPattern(weights: number[][]): HeadPattern {
  const w = checkWeightRows(weights, 'headPattern');
  return {
    same: meanAlong(w, (i) => i),
    previous: meanAlong(w, (i) => i - 1),
    next: meanAlong(w, (i) => i + 1),
    entropy: rowEntropy(w),
    maxEntropy: Math.log(w.length),
  };
}
