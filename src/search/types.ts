// What exact search and a vector database share: add vectors with ids, ask for the k
// nearest of each query by cosine, close. Notebook 07 and bench/ compare the two through it.
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { InputError, MatrixLike, toMatrix } from '../core/validate';

/** Many rows in one flat Float32Array (row i is values[i * dim, (i + 1) * dim)): a large corpus without number[][]. */
export interface FlatRows {
  values: Float32Array;
  dim: number;
}
export type Rows = MatrixLike | FlatRows;

export interface Hit {
  /** The id the vector was added with. */
  id: number;
  /** Cosine similarity to the query. */
  score: number;
}

export interface VectorSearch {
  /** 'exact (tfjs-node)', 'LanceDB flat', 'LanceDB IVF_PQ', ... */
  readonly name: string;
  /** Width of every vector. */
  readonly dim: number;
  /** Number of stored vectors. */
  count(): number;
  /** Stores rows under the given ids (one id per row). */
  add(ids: number[], vectors: Rows): Promise<void>;
  /** The k most similar stored vectors of each query row, best first. */
  search(queries: Rows, k: number): Promise<Hit[][]>;
  /** Frees what the search holds; any later call throws. */
  close(): void;
}

function isFlat(x: unknown): x is FlatRows {
  return typeof x === 'object' && x !== null && (x as FlatRows).values instanceof Float32Array;
}

/**
 * Rows as one checked Float32Array: a rectangular matrix whose values are all finite, of
 * width `dim` when given. A FlatRows is checked in place, without a copy.
 */
export function toFlatRows(x: unknown, name: string, dim?: number): FlatRows {
  let rows: FlatRows;
  if (isFlat(x)) {
    const d = x.dim;
    if (!Number.isInteger(d) || d < 1) throw new InputError(`${name}: dim must be an integer >= 1, got ${String(d)}`);
    if (x.values.length === 0) throw new InputError(`${name}: is empty (no rows)`);
    if (x.values.length % d !== 0)
      throw new InputError(`${name}: ${x.values.length} values are not whole rows of width ${d}`);
    for (let i = 0; i < x.values.length; i++)
      if (!Number.isFinite(x.values[i]))
        throw new InputError(`${name}: row ${Math.floor(i / d)} contains ${x.values[i]} (NaN or Infinity)`);
    rows = x;
  } else {
    const m: Tensor2D = toMatrix(x, name);
    try {
      rows = { values: m.dataSync() as Float32Array, dim: m.shape[1] };
    } finally {
      m.dispose();
    }
  }
  if (dim !== undefined && rows.dim !== dim)
    throw new InputError(`${name}: vectors have width ${rows.dim} but this search holds width ${dim}`);
  return rows;
}

export function rowCount(rows: FlatRows): number {
  return rows.values.length / rows.dim;
}

/** Ids for `n` rows: integers in [0, 2^31), no repeats within the call. */
export function checkIds(ids: unknown, n: number, name: string): number[] {
  if (!Array.isArray(ids)) throw new InputError(`${name}: ids must be an array of integers`);
  if (ids.length !== n) throw new InputError(`${name}: ${ids.length} ids for ${n} vectors`);
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= 2 ** 31)
      throw new InputError(`${name}: id ${i} is ${String(id)}, expected an integer in [0, 2^31)`);
    if (seen.has(id)) throw new InputError(`${name}: id ${id} appears twice`);
    seen.add(id);
  });
  return ids as number[];
}

export function checkK(k: unknown, available: number, name: string): number {
  if (!Number.isInteger(k) || (k as number) < 1)
    throw new InputError(`${name} k: must be an integer >= 1, got ${String(k)}`);
  if ((k as number) > available)
    throw new InputError(`${name}: k = ${String(k)} but the table holds only ${available} vectors`);
  return k as number;
}
