// Exact search behind the VectorSearch interface: every stored vector scored against every
// query (src/maths/search.ts topK on tfjs-node), a vector database's brute-force "flat" index.
import type { Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';
import { topK } from '../maths/search';
import { FlatRows, Hit, Rows, VectorSearch, checkIds, checkK, rowCount, toFlatRows } from './types';

/** Queries per matrix product: 256 × 400,000 float32 scores are 0.4 GB. */
const QUERY_BATCH = 256;

export class ExactSearch implements VectorSearch {
  readonly name = 'exact (tfjs-node)';
  private parts: FlatRows[] = [];
  private ids: number[] = [];
  private corpus: Tensor2D | null = null;
  private closed = false;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new InputError(`ExactSearch dim: must be an integer >= 1, got ${dim}`);
  }

  private open(where: string): void {
    if (this.closed) throw new InputError(`${where}: this search is closed`);
  }

  count(): number {
    this.open('ExactSearch count');
    return this.ids.length;
  }

  async add(ids: number[], vectors: Rows): Promise<void> {
    this.open('ExactSearch add');
    const rows = toFlatRows(vectors, 'ExactSearch add vectors', this.dim);
    checkIds(ids, rowCount(rows), 'ExactSearch add');
    const known = new Set(this.ids);
    const repeated = ids.find((id) => known.has(id));
    if (repeated !== undefined) throw new InputError(`ExactSearch add: id ${repeated} is already stored`);
    this.parts.push({ values: rows.values.slice(), dim: this.dim });
    for (const id of ids) this.ids.push(id); // not push(...ids): 400,000 arguments overflow the stack
    this.corpus?.dispose();
    this.corpus = null;
  }

  async search(queries: Rows, k: number): Promise<Hit[][]> {
    this.open('ExactSearch search');
    const q = toFlatRows(queries, 'ExactSearch queries', this.dim);
    if (this.ids.length === 0) throw new InputError('ExactSearch search: the table is empty (add vectors first)');
    checkK(k, this.ids.length, 'ExactSearch search');
    if (!this.corpus) {
      const all = new Float32Array(this.ids.length * this.dim);
      let at = 0;
      for (const p of this.parts) {
        all.set(p.values, at);
        at += p.values.length;
      }
      this.parts = [{ values: all, dim: this.dim }];
      this.corpus = tf.tensor2d(all, [this.ids.length, this.dim], 'float32');
    }
    const n = rowCount(q);
    const hits: Hit[][] = [];
    for (let start = 0; start < n; start += QUERY_BATCH) {
      const end = Math.min(n, start + QUERY_BATCH);
      const batch = tf.tensor2d(q.values.subarray(start * this.dim, end * this.dim), [end - start, this.dim]);
      try {
        for (const row of topK(batch, this.corpus, k))
          hits.push(row.map((h) => ({ id: this.ids[h.index], score: h.score })));
      } finally {
        batch.dispose();
      }
    }
    return hits;
  }

  close(): void {
    this.corpus?.dispose();
    this.corpus = null;
    this.parts = [];
    this.ids = [];
    this.closed = true;
  }
}
