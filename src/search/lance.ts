// A vector database behind the VectorSearch interface: LanceDB (embedded; @lancedb/lancedb,
// its native engine from an optional platform package). The table lives at a URI: a local
// folder here; the same code takes s3://bucket/path (object storage) or db://name (LanceDB
// Cloud / a LanceDB server, with an apiKey in connectOptions): README says what was tried.
// Without an index a query scans every row (flat, exact); buildIndex adds an ANN index.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
// The CommonJS build, the one @lancedb/lancedb itself requires: its `instanceof` checks
// reject tables made by another copy of the classes.
import * as arrow from 'apache-arrow';
import { InputError } from '../core/validate';
import { FlatRows, Hit, Rows, VectorSearch, checkIds, checkK, rowCount, toFlatRows } from './types';

export type LanceIndexKind = 'IVF_PQ' | 'IVF_HNSW_SQ' | 'IVF_HNSW_PQ';

export interface LanceIndexOptions {
  /** IVF cells (k-means centroids). */
  numPartitions: number;
  /** PQ: sub-vectors per vector (dim must be a multiple). */
  numSubVectors?: number;
  /** k-means iterations (LanceDB's default 50). */
  maxIterations?: number;
  /** Training rows per cell (LanceDB's default 256). */
  sampleRate?: number;
  /** HNSW: candidates kept while building the graph. */
  efConstruction?: number;
}

/** The query-time knobs: IVF cells probed, candidates re-scored exactly (PQ), HNSW beam width. */
export interface LanceQueryOptions {
  nprobes?: number;
  refineFactor?: number;
  ef?: number;
  /** Queries in flight at once (the engine runs them on its own threads). */
  concurrency?: number;
}

export interface LanceOptions extends LanceQueryOptions {
  /** A folder, s3://bucket/path, gs://..., az://..., or db://name for LanceDB Cloud. */
  uri: string;
  table: string;
  /** 'open' an existing table (default), 'create' a new one (fails if it exists), 'overwrite'. */
  mode?: 'open' | 'create' | 'overwrite';
  /** Vector width, needed to create a table. */
  dim?: number;
  /** Passed to lancedb.connect: apiKey, region, storageOptions (credentials of object storage). */
  connectOptions?: Partial<lancedb.ConnectionOptions>;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]+$/;

function vectorType(dim: number) {
  return new arrow.FixedSizeList(dim, new arrow.Field('item', new arrow.Float32(), true));
}

/** An Arrow table (id int32, vector fixed_size_list<float32>[dim]) over the rows, without copying them. */
function arrowTable(ids: number[], rows: FlatRows): arrow.Table {
  const n = ids.length;
  const type = vectorType(rows.dim);
  const schema = new arrow.Schema([
    new arrow.Field('id', new arrow.Int32(), false),
    new arrow.Field('vector', type, false),
  ]);
  const vectors = arrow.makeData({
    type,
    length: n,
    nullCount: 0,
    child: arrow.makeData({ type: new arrow.Float32(), length: n * rows.dim, data: rows.values }),
  });
  const idData = arrow.makeData({ type: new arrow.Int32(), length: n, data: Int32Array.from(ids) });
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: n,
    nullCount: 0,
    children: [idData, vectors],
  });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
}

function emptyTable(dim: number): arrow.Schema {
  return new arrow.Schema([
    new arrow.Field('id', new arrow.Int32(), false),
    new arrow.Field('vector', vectorType(dim), false),
  ]);
}

/** Total bytes of the files under a local folder (0 when absent). */
function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

export class LanceSearch implements VectorSearch {
  name = 'LanceDB flat';
  private closed = false;
  private query: LanceQueryOptions;

  private constructor(
    private readonly db: lancedb.Connection,
    private readonly table: lancedb.Table,
    readonly dim: number,
    private rows: number,
    private readonly location: string | null,
    query: LanceQueryOptions,
    indexKind: string | null,
  ) {
    this.query = { ...query };
    if (indexKind) this.name = `LanceDB ${indexKind}`;
  }

  /** Opens or creates a table at a URI (LanceSearch.open({ uri, table, mode, dim })). */
  static async open(options: LanceOptions): Promise<LanceSearch> {
    const o = options ?? ({} as LanceOptions);
    if (typeof o.uri !== 'string' || !o.uri) throw new InputError('LanceSearch uri: expected a folder or URI string');
    if (typeof o.table !== 'string' || !TABLE_NAME.test(o.table))
      throw new InputError(`LanceSearch table: expected a name of letters, digits, _ . -, got ${String(o.table)}`);
    const mode = o.mode ?? 'open';
    if (!['open', 'create', 'overwrite'].includes(mode))
      throw new InputError(`LanceSearch mode: expected 'open', 'create' or 'overwrite', got ${String(mode)}`);
    if (mode !== 'open' && (!Number.isInteger(o.dim) || (o.dim as number) < 1))
      throw new InputError(`LanceSearch dim: creating a table needs an integer width >= 1, got ${String(o.dim)}`);
    const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(o.uri);
    if (mode === 'open' && local && !fs.existsSync(path.join(o.uri, `${o.table}.lance`)))
      throw new InputError(`LanceSearch: no table ${o.table} in ${o.uri}`);
    const db = await lancedb.connect(o.uri, o.connectOptions);
    try {
      let table: lancedb.Table;
      if (mode === 'open') table = await db.openTable(o.table);
      else
        table = await db.createEmptyTable(o.table, emptyTable(o.dim as number), {
          mode: mode === 'overwrite' ? 'overwrite' : 'create',
        });
      const field = (await table.schema()).fields.find((f) => f.name === 'vector');
      const dim = (field?.type as { listSize?: number } | undefined)?.listSize;
      if (!dim) {
        table.close();
        throw new InputError(`LanceSearch: table ${o.table} has no fixed-width 'vector' column`);
      }
      const indices = await table.listIndices();
      const kind = indices.find((i) => i.columns.includes('vector'))?.indexType ?? null;
      return new LanceSearch(
        db,
        table,
        dim,
        await table.countRows(),
        local ? path.join(o.uri, `${o.table}.lance`) : null,
        o,
        kind ? kindName(kind) : null,
      );
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private check(where: string): void {
    if (this.closed) throw new InputError(`${where}: this LanceDB table is closed`);
  }

  count(): number {
    this.check('LanceSearch count');
    return this.rows;
  }

  async add(ids: number[], vectors: Rows): Promise<void> {
    this.check('LanceSearch add');
    const rows = toFlatRows(vectors, 'LanceSearch add vectors', this.dim);
    checkIds(ids, rowCount(rows), 'LanceSearch add');
    await this.table.add(arrowTable(ids, rows));
    this.rows += ids.length;
  }

  /** Sets the query knobs for later searches. */
  configure(query: LanceQueryOptions): void {
    this.check('LanceSearch configure');
    for (const [key, v] of Object.entries(query ?? {}))
      if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1))
        throw new InputError(`LanceSearch ${key}: must be an integer >= 1, got ${String(v)}`);
    this.query = { ...this.query, ...query };
  }

  async search(queries: Rows, k: number): Promise<Hit[][]> {
    this.check('LanceSearch search');
    const q = toFlatRows(queries, 'LanceSearch queries', this.dim);
    if (this.rows === 0) throw new InputError('LanceSearch search: the table is empty (add vectors first)');
    checkK(k, this.rows, 'LanceSearch search');
    const n = rowCount(q);
    const hits: Hit[][] = new Array(n);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < n; i = next++)
        hits[i] = await this.one(q.values.subarray(i * this.dim, (i + 1) * this.dim), k);
    };
    await Promise.all(Array.from({ length: Math.min(n, this.query.concurrency ?? 2) }, worker));
    return hits;
  }

  private async one(vector: Float32Array, k: number): Promise<Hit[]> {
    let query = this.table.vectorSearch(Array.from(vector)).distanceType('cosine').limit(k).select(['id', '_distance']);
    if (this.query.nprobes) query = query.nprobes(this.query.nprobes);
    if (this.query.refineFactor) query = query.refineFactor(this.query.refineFactor);
    if (this.query.ef) query = query.ef(this.query.ef);
    const rows = (await query.toArray()) as { id: number; _distance: number }[];
    // LanceDB's cosine distance is 1 - cos; ties broken by id, as topK breaks them by row
    return rows.map((r) => ({ id: r.id, score: 1 - r._distance })).sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** Builds an ANN index on the vectors (replacing any), returning how long it took. */
  async buildIndex(kind: LanceIndexKind, options: LanceIndexOptions): Promise<{ ms: number }> {
    this.check('LanceSearch buildIndex');
    if (this.rows === 0) throw new InputError('LanceSearch buildIndex: the table is empty');
    const o = { distanceType: 'cosine' as const, ...options };
    const config =
      kind === 'IVF_PQ'
        ? lancedb.Index.ivfPq(o)
        : kind === 'IVF_HNSW_SQ'
          ? lancedb.Index.hnswSq(o)
          : kind === 'IVF_HNSW_PQ'
            ? lancedb.Index.hnswPq(o)
            : null;
    if (!config) throw new InputError(`LanceSearch buildIndex: unknown kind ${String(kind)}`);
    const t0 = performance.now();
    await this.table.createIndex('vector', { config, replace: true });
    this.name = `LanceDB ${kind}`;
    return { ms: performance.now() - t0 };
  }

  /** Bytes on disk of the table's ANN indexes (local tables; null for remote ones). */
  indexBytes(): number | null {
    this.check('LanceSearch indexBytes');
    return this.location ? folderBytes(path.join(this.location, '_indices')) : null;
  }

  /** Bytes on disk of the whole table, data, versions and indexes (local tables; null for remote ones). */
  tableBytes(): number | null {
    this.check('LanceSearch tableBytes');
    return this.location ? folderBytes(this.location) : null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.table.close();
    this.db.close();
  }
}

function kindName(indexType: string): string {
  const known: Record<string, string> = {
    IvfPq: 'IVF_PQ',
    IvfHnswSq: 'IVF_HNSW_SQ',
    IvfHnswPq: 'IVF_HNSW_PQ',
    IvfFlat: 'IVF_FLAT',
  };
  return known[indexType] ?? indexType;
}
