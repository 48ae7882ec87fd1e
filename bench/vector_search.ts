// Case 6 of `npm run bench`, the LanceDB side (one process, run by scripts/bench.mjs; prints one
// JSON line): over the GloVe vocabulary that `npm install` converted (corpora/glove.6B.100d/),
// a fresh LanceDB table of every word not held out, its IVF_PQ index built and timed with the
// install's options, then recall@10 and time per query over the 1,000 held-out words at
// several nprobes, against exact search (src/search/exact.ts) on the same queries.
//   node --import tsx bench/vector_search.ts [--quick]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadGloveVocabulary, vocabularyRows } from '../src/embeddings/gloveVocabulary';
import { ExactSearch } from '../src/search/exact';
import { LanceSearch } from '../src/search/lance';
import { recallAtK } from '../src/search/recall';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const glove = loadGloveVocabulary();
  const { manifest } = glove;
  const held = new Set(manifest.heldOut);
  const kept: number[] = [];
  for (let i = 0; i < manifest.words; i++) if (!held.has(i)) kept.push(i);
  const queries = vocabularyRows(glove, manifest.heldOut);
  const nq = manifest.heldOut.length;
  const spec = manifest.tables[manifest.tables.length - 1];

  const exact = new ExactSearch(manifest.dim);
  await exact.add(kept, vocabularyRows(glove, kept));
  await exact.search(vocabularyRows(glove, [manifest.heldOut[0]]), 10); // normalises the rows: not timed
  let t0 = performance.now();
  const truth = await exact.search(queries, 10);
  const exactBatchedMs = (performance.now() - t0) / nq;
  t0 = performance.now();
  for (let i = 0; i < 100; i++) await exact.search(vocabularyRows(glove, [manifest.heldOut[i]]), 10);
  const exactSingleMs = (performance.now() - t0) / 100;
  exact.close();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-bench-lance-'));
  try {
    const db = await LanceSearch.open({ uri: tmp, table: 'glove', mode: 'create', dim: manifest.dim });
    try {
      for (let at = 0; at < kept.length; at += 100_000)
        await db.add(kept.slice(at, at + 100_000), vocabularyRows(glove, kept.slice(at, at + 100_000)));
      const { ms: buildMs } = await db.buildIndex('IVF_PQ', spec.index.options);
      const indexBytes = db.indexBytes();
      const settings = quick ? [5, 20] : [5, 10, 20, 40, 80];
      const rows = [];
      for (const nprobes of settings)
        for (const concurrency of [1, 2]) {
          db.configure({ nprobes, refineFactor: manifest.defaultQuery.refineFactor, concurrency });
          const t = performance.now();
          const hits = await db.search(queries, 10);
          rows.push({
            nprobes,
            refineFactor: manifest.defaultQuery.refineFactor,
            concurrency,
            msPerQuery: (performance.now() - t) / nq,
            recallAt10: recallAtK(hits, truth, 10),
          });
        }
      const result = {
        n: kept.length,
        dim: manifest.dim,
        queries: nq,
        index: { kind: 'IVF_PQ', options: spec.index.options, buildMs, indexBytes },
        exact: { batchedMsPerQuery: exactBatchedMs, singleMsPerQuery: exactSingleMs },
        ann: rows,
        lancedb: manifest.lancedb,
      };
      process.stdout.write(JSON.stringify(result) + '\n');
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
