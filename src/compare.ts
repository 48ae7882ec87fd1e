// Whole matrices of ours beside the reference (the documents' numpy/torch, test/golden):
// one line per matrix with its shape, its largest entry and the largest difference,
// where showComparison (display.ts) shows single numbers.
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from './core/backend';
import { showTable } from './display';
import { InputError, toTensor } from './core/validate';

type Numbers = Tensor | number[] | number[][] | number[][][] | number[][][][];

/** max |ours - reference| over all entries; the shapes must be equal. */
export function maxAbsDiff(ours: Numbers, reference: Numbers): number {
  return tf.tidy(() => {
    const a = toTensor(ours, 'maxAbsDiff ours');
    const b = toTensor(reference, 'maxAbsDiff reference');
    if (a.shape.join(',') !== b.shape.join(','))
      throw new InputError(`maxAbsDiff: shapes differ, ours [${a.shape.join(', ')}] and reference [${b.shape.join(', ')}]`);
    return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  });
}

export interface DifferenceRow {
  what: string;
  ours: Numbers;
  reference: Numbers;
}

/** Shows, per matrix: shape, largest |reference| entry, max |ours - reference|, and whether it is within tolerance. */
export function showDifferences(rows: DifferenceRow[], options: { title?: string; tolerance?: number; against?: string } = {}): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputError('showDifferences: expected at least one row');
  const { tolerance = 1e-5, against = 'reference' } = options;
  const cells = rows.map((r) => {
    const diff = maxAbsDiff(r.ours, r.reference);
    const [shape, largest] = tf.tidy(() => {
      const t = toTensor(r.reference, `showDifferences "${r.what}"`);
      return [t.shape.join(' × '), tf.max(tf.abs(t)).dataSync()[0]];
    });
    return [r.what, String(shape), (largest as number).toPrecision(4), `${diff.toExponential(1)} ${diff <= tolerance ? '✓' : '✗'}`];
  });
  showTable(['', 'shape', `largest |${against}|`, `max |ours − ${against}|`], cells, options.title);
}
