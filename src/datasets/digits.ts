// scikit-learn's 8x8 handwritten digits, read from data/digits.csv.gz (data/README.md
// gives its source and licence, and scripts/extract-data.mjs made it).
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { dataPath } from '../core/paths';
import { InputError } from '../core/validate';

export interface Digits {
  /** [1797, 64]: 8x8 images, row by row, values 0..16 (ink). */
  images: Tensor2D;
  /** The digit each image shows, 0..9. */
  labels: number[];
}

/** scikit-learn's digits (UCI optical recognition of handwritten digits, test set): 1,797 images of 8x8. */
export function loadDigits(): Digits {
  const file = dataPath('digits.csv.gz');
  if (!fs.existsSync(file))
    throw new InputError(`loadDigits: ${file} is missing; run node scripts/extract-data.mjs digits`);
  const rows = zlib
    .gunzipSync(fs.readFileSync(file))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((r) => r.split(',').map(Number));
  const values = rows.map((r) => r.slice(0, 64));
  const labels = rows.map((r) => r[64]);
  return { images: tf.tensor2d(values, [rows.length, 64], 'float32'), labels };
}
