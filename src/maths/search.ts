// Similarity search: the k nearest vectors by cosine, exact (every pair scored with
// one matrix product on tfjs-node), as a vector database's brute-force "flat" index.
// Uses: find the most similar item, recommend neighbours, flag near-duplicates.
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { readBack } from '../core/readBack';
import { InputError, MatrixLike, checkFinite, checkInteger, toMatrix } from '../core/validate';
import { cosineSimilarityMatrix } from './similarity';

export interface Neighbour {
  /** Row of the corpus. */
  index: number;
  /** Cosine similarity to the query (metric 'cosine'), or Euclidean distance (metric 'euclidean'). */
  score: number;
}

export interface TopKOptions {
  /** Leave out corpus row i for query i (the query itself, when queries are the corpus). */
  excludeSelf?: boolean;
  /** 'cosine' (default): highest cosine first; 'euclidean': smallest distance first. */
  metric?: 'cosine' | 'euclidean';
}

/**
 * For each query row, the k nearest corpus rows, best first (ties: lower index
 * first): highest cosine similarity, or smallest Euclidean distance. One list per query.
 */
export function topK(queries: MatrixLike, corpus: MatrixLike, k: number, options: TopKOptions = {}): Neighbour[][] {
  checkInteger(k, 'topK k');
  return tf.tidy(() => {
    const q = toMatrix(queries, 'topK queries');
    // A large corpus is read as few times as possible: its NaN/Infinity check comes
    // from the row norms computed anyway (a bad value makes its row's norm non-finite).
    const c = toMatrix(corpus, 'topK corpus', false);
    const corpusNormSq = tf.sum(tf.square(c), 1); // (N)
    if (!tf.all(tf.isFinite(corpusNormSq)).dataSync()[0]) checkFinite(c, 'topK corpus');
    if (q.shape[1] !== c.shape[1])
      throw new InputError(`topK: queries have width ${q.shape[1]} but the corpus has width ${c.shape[1]}`);
    const available = c.shape[0] - (options.excludeSelf ? 1 : 0);
    if (k > available) throw new InputError(`topK: k = ${k} but the corpus has only ${available} candidate rows`);
    if (options.excludeSelf && q.shape[0] > c.shape[0])
      throw new InputError('topK: excludeSelf needs query i to be corpus row i');
    const metric = options.metric ?? 'cosine';
    if (metric !== 'cosine' && metric !== 'euclidean')
      throw new InputError(`topK metric: expected 'cosine' or 'euclidean', got ${String(metric)}`);
    // for distances, rank by -||q - c||^2 = 2 q.c - ||q||^2 - ||c||^2
    let scores: Tensor2D =
      metric === 'cosine'
        ? cosineScores(q, c, corpusNormSq)
        : (tf.sub(
            tf.sub(tf.mul(2, tf.matMul(q, c, false, true)), tf.sum(tf.square(q), 1, true)),
            tf.expandDims(corpusNormSq, 0),
          ) as Tensor2D);
    if (options.excludeSelf) {
      const self = tf.oneHot(tf.range(0, q.shape[0], 1, 'int32'), c.shape[0]);
      scores = tf.where(tf.cast(self, 'bool'), tf.fill(scores.shape, -Infinity), scores) as Tensor2D;
    }
    const { values, indices } = tf.topk(scores, k, true);
    const v = values.arraySync() as number[][];
    const i = indices.arraySync() as number[][];
    const score = (x: number) => (metric === 'cosine' ? x : Math.sqrt(Math.max(0, -x)));
    return v.map((row, r) => row.map((x, j) => ({ index: i[r][j], score: score(x) })));
  });
}

/** cos(q_i, c_j) = q_i . c_j / (|q_i| |c_j|), without writing a normalised copy of the corpus; 0 for zero rows. */
function cosineScores(q: Tensor2D, c: Tensor2D, corpusNormSq: Tensor): Tensor2D {
  const lengths = tf.mul(tf.norm(q, 'euclidean', 1, true), tf.expandDims(tf.sqrt(corpusNormSq), 0)); // (B, N)
  return tf.clipByValue(tf.divNoNan(tf.matMul(q, c, false, true), lengths), -1, 1) as Tensor2D; // (B, N)
}

export interface DuplicatePair {
  a: number;
  b: number;
  score: number;
}

/** Pairs of rows (a < b) whose cosine similarity is at least `threshold`, most similar first. */
export function nearDuplicates(embeddings: MatrixLike, threshold: number): DuplicatePair[] {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < -1 || threshold > 1)
    throw new InputError(`nearDuplicates threshold: expected a number in [-1, 1], got ${threshold}`);
  const s = readBack<number[][]>(() => cosineSimilarityMatrix(embeddings));
  const pairs: DuplicatePair[] = [];
  for (let a = 0; a < s.length; a++)
    for (let b = a + 1; b < s.length; b++) if (s[a][b] >= threshold) pairs.push({ a, b, score: s[a][b] });
  return pairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}
