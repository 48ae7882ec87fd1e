// Dimensionality reduction to 2-D or 3-D for pictures of embedding spaces:
// PCA (ml-pca: SVD of the centred data) and UMAP (umap-js), both deterministic:
// PCA's component signs are fixed (largest loading positive) and UMAP draws from
// a seeded generator.
import { EVD } from 'ml-matrix';
import { PCA } from 'ml-pca';
import { UMAP } from 'umap-js';
import { tf } from '../core/backend';
import { seededRandom } from '../core/random';
import { readBack } from '../core/readBack';
import { InputError, MatrixLike, checkInteger, toMatrix } from '../core/validate';

function rowsOf(X: MatrixLike, what: string): number[][] {
  return readBack<number[][]>(() => toMatrix(X, what));
}

export interface PcaResult {
  /** [n, components]: each row projected on the principal axes. */
  points: number[][];
  /** Fraction of the total variance along each component. */
  explainedVarianceRatio: number[];
  /** [components, features]: the principal axes (unit vectors). */
  components: number[][];
}

/** Flips each axis so that its largest loading is positive (one fixed choice of the arbitrary signs). */
function fixSigns(axes: number[][]): number[] {
  return axes.map((a) => {
    let best = 0;
    for (let j = 1; j < a.length; j++) if (Math.abs(a[j]) > Math.abs(a[best])) best = j;
    return a[best] < 0 ? -1 : 1;
  });
}

/**
 * PCA (centred, not scaled), as scikit-learn's PCA, with each axis's sign fixed so its
 * largest loading is positive. With at least as many rows as features it is ml-pca's
 * SVD; with more features than rows (a few hundred-thousand-pixel images) it
 * eigen-decomposes the small n x n Gram matrix Xc Xcᵀ instead (ml-matrix's EVD, the
 * product on tfjs-node), which gives the same axes without an n x d SVD.
 */
export function pca(X: MatrixLike, nComponents = 2): PcaResult {
  checkInteger(nComponents, 'pca nComponents');
  const [n, d] = tf.tidy(() => toMatrix(X, 'pca').shape);
  if (n < 2) throw new InputError('pca: needs at least 2 rows');
  const limit = d > n ? n - 1 : Math.min(n, d);
  if (nComponents > limit)
    throw new InputError(`pca: nComponents = ${nComponents} but at most ${limit} for ${n} rows of ${d} features`);
  return d > n ? pcaGram(X, nComponents) : pcaSvd(rowsOf(X, 'pca'), nComponents);
}

function pcaSvd(rows: number[][], nComponents: number): PcaResult {
  const model = new PCA(rows, { method: 'SVD', center: true, scale: false });
  const axes = model.getEigenvectors().transpose().to2DArray().slice(0, nComponents); // [components, features]
  const signs = fixSigns(axes);
  const components = axes.map((a, c) => a.map((v) => v * signs[c]));
  const projected = model.predict(rows, { nComponents }).to2DArray();
  const points = projected.map((p) => p.map((v, c) => v * signs[c]));
  return { points, explainedVarianceRatio: model.getExplainedVariance().slice(0, nComponents), components };
}

function pcaGram(X: MatrixLike, nComponents: number): PcaResult {
  const { gram, centred } = tf.tidy(() => {
    const m = toMatrix(X, 'pca');
    const c = tf.sub(m, tf.mean(m, 0, true));
    return { gram: tf.matMul(c, c, false, true).arraySync() as number[][], centred: tf.keep(c) };
  });
  try {
    const evd = new EVD(gram, { assumeSymmetric: true });
    const values = evd.realEigenvalues;
    const vectors = evd.eigenvectorMatrix.to2DArray(); // columns are eigenvectors
    const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
    const total = values.reduce((acc, v) => acc + Math.max(v, 0), 0);
    const top = order.slice(0, nComponents);
    const u = top.map((k) => vectors.map((row) => row[k])); // [components, n]
    const lambda = top.map((k) => Math.max(values[k], 0));
    // axis_k = Xcᵀ u_k / sqrt(lambda_k); point_i,k = u_k[i] * sqrt(lambda_k)
    const axes = readBack<number[][]>(() => {
      const U = tf.tensor2d(u);
      const scale = tf.tensor1d(lambda.map((l) => (l > 0 ? 1 / Math.sqrt(l) : 0)));
      return tf.mul(tf.matMul(U, centred), tf.expandDims(scale, 1));
    });
    const signs = fixSigns(axes);
    const components = axes.map((a, c) => a.map((v) => v * signs[c]));
    const points = gram.map((_, i) => top.map((_k, c) => u[c][i] * Math.sqrt(lambda[c]) * signs[c]));
    return { points, explainedVarianceRatio: lambda.map((l) => (total > 0 ? l / total : 0)), components };
  } finally {
    centred.dispose();
  }
}

export interface UmapOptions {
  nComponents?: number;
  /** Neighbours per point (default 15, as umap-learn). */
  nNeighbors?: number;
  minDist?: number;
  nEpochs?: number;
  /** 'euclidean' (default) or 'cosine' (embeddings compared by angle). */
  metric?: 'euclidean' | 'cosine';
  seed?: number;
}

const euclidean = (a: number[], b: number[]) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
};
const cosineDistance = (a: number[], b: number[]) => {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 1 : 1 - d / Math.sqrt(na * nb);
};

/** UMAP (McInnes, Healy and Melville 2018) with umap-js, seeded: the same layout every run. */
export function umap(X: MatrixLike, options: UmapOptions = {}): number[][] {
  const rows = rowsOf(X, 'umap');
  const { nComponents = 2, minDist = 0.1, metric = 'euclidean', seed = 42 } = options;
  const nNeighbors = options.nNeighbors ?? Math.min(15, rows.length - 1);
  checkInteger(nComponents, 'umap nComponents');
  checkInteger(nNeighbors, 'umap nNeighbors', 2);
  if (rows.length <= nNeighbors)
    throw new InputError(`umap: needs more rows (${rows.length}) than nNeighbors (${nNeighbors})`);
  if (metric !== 'euclidean' && metric !== 'cosine')
    throw new InputError(`umap metric: expected 'euclidean' or 'cosine', got ${String(metric)}`);
  const model = new UMAP({
    nComponents,
    nNeighbors,
    minDist,
    nEpochs: options.nEpochs,
    random: seededRandom(seed),
    distanceFn: metric === 'cosine' ? cosineDistance : euclidean,
  });
  return model.fit(rows);
}
