// LanceSearch (src/search/lance.ts) against ExactSearch (src/search/exact.ts) behind the one
// interface: a flat table (no index) gives exact search's top-10; bad input and misuse give
// clear InputErrors; after close no file of the table is held open, and the folder goes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import { ExactSearch } from '../../src/search/exact';
import { LanceSearch } from '../../src/search/lance';
import type { FlatRows, VectorSearch } from '../../src/search/types';

const DIM = 16;
const N = 500;

function gaussian(rows: number, seed: number): FlatRows {
  return tf.tidy(() => ({
    values: tf.randomNormal([rows, DIM], 0, 1, 'float32', seed).dataSync() as Float32Array,
    dim: DIM,
  }));
}

/** Files of `dir` this process holds open (Linux: /proc/self/fd). */
function openFilesUnder(dir: string): string[] {
  const fds = fs.readdirSync('/proc/self/fd');
  const held: string[] = [];
  for (const fd of fds) {
    try {
      const target = fs.readlinkSync(path.join('/proc/self/fd', fd));
      if (target.startsWith(dir)) held.push(target);
    } catch {
      // closed while listing
    }
  }
  return held;
}

let tmp: string;
const opened: VectorSearch[] = [];
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-lance-'));
});
after(() => {
  for (const s of opened) s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.ok(!fs.existsSync(tmp), 'the temporary folder is removed');
});

async function lance(table: string, dim = DIM): Promise<LanceSearch> {
  const s = await LanceSearch.open({ uri: tmp, table, mode: 'create', dim });
  opened.push(s);
  return s;
}

describe('LanceSearch: a LanceDB table behind the VectorSearch interface', () => {
  test('a flat table (no index) returns the same top-10 as exact search', async () => {
    const corpus = gaussian(N, 1);
    const queries = gaussian(20, 2);
    const ids = Array.from({ length: N }, (_, i) => 1000 + 3 * i); // ids need not be row numbers
    const exact = new ExactSearch(DIM);
    const db = await lance('flat');
    for (const s of [exact, db]) await s.add(ids, corpus);
    assert.equal(db.count(), N);
    assert.equal(db.name, 'LanceDB flat');
    const want = await exact.search(queries, 10);
    const got = await db.search(queries, 10);
    assert.equal(got.length, 20);
    got.forEach((hits, q) => {
      assert.deepEqual(
        hits.map((h) => h.id),
        want[q].map((h) => h.id),
        `query ${q}: LanceDB's flat top-10 differs from exact search's`,
      );
      hits.forEach((h, j) => assert.ok(Math.abs(h.score - want[q][j].score) < 1e-5, `query ${q} hit ${j} cosine`));
    });
    exact.close();
  });

  test('an IVF_PQ index builds, is named, has a size on disk, and still finds a stored vector first', async () => {
    const corpus = gaussian(N, 3);
    const db = await lance('indexed');
    await db.add(
      Array.from({ length: N }, (_, i) => i),
      corpus,
    );
    const { ms } = await db.buildIndex('IVF_PQ', { numPartitions: 4, numSubVectors: 4, maxIterations: 5 });
    assert.ok(ms > 0);
    assert.equal(db.name, 'LanceDB IVF_PQ');
    assert.ok((db.indexBytes() ?? 0) > 0, 'index files on disk');
    db.configure({ nprobes: 4, refineFactor: 10 });
    const [hits] = await db.search({ values: corpus.values.slice(7 * DIM, 8 * DIM), dim: DIM }, 3);
    assert.equal(hits[0].id, 7);
    assert.ok(Math.abs(hits[0].score - 1) < 1e-4, 'refined score is the exact cosine');
    db.close();
    const again = await LanceSearch.open({ uri: tmp, table: 'indexed' });
    opened.push(again);
    assert.equal(again.name, 'LanceDB IVF_PQ', 'reopened, the index is found');
    assert.equal(again.dim, DIM);
    assert.equal(again.count(), N);
  });

  test('a dimension mismatch is a clear InputError, when adding and when searching', async () => {
    const db = await lance('dims');
    await db.add([0, 1], gaussian(2, 4));
    const wide = { values: new Float32Array(DIM + 1).fill(1), dim: DIM + 1 };
    await assert.rejects(
      db.add([2], wide),
      (e: Error) => e instanceof InputError && /width 17 but this search holds width 16/.test(e.message),
    );
    await assert.rejects(
      db.search([[1, 2, 3]], 1),
      (e: Error) => e instanceof InputError && /width 3 but this search holds width 16/.test(e.message),
    );
    const exact = new ExactSearch(DIM);
    await assert.rejects(exact.add([0], wide), /width 17 but this search holds width 16/);
    exact.close();
  });

  test('a NaN or Infinity query is a clear InputError', async () => {
    const db = await lance('nan');
    await db.add([0, 1, 2], gaussian(3, 5));
    for (const bad of [NaN, Infinity, -Infinity]) {
      const q = new Float32Array(DIM).fill(0.5);
      q[3] = bad;
      await assert.rejects(
        db.search({ values: q, dim: DIM }, 1),
        (e: Error) => e instanceof InputError && /row 0 contains/.test(e.message),
      );
      const row = Array.from(q);
      await assert.rejects(
        db.search([row], 1),
        (e: Error) => e instanceof InputError && /NaN|Infinity|finite/.test(e.message),
      );
    }
    await assert.rejects(db.add([9], { values: Float32Array.of(...new Array(DIM).fill(NaN)), dim: DIM }), InputError);
  });

  test('an empty table is a clear InputError, for both searches', async () => {
    const db = await lance('empty');
    assert.equal(db.count(), 0);
    const q = gaussian(1, 6);
    await assert.rejects(
      db.search(q, 1),
      (e: Error) => e instanceof InputError && /the table is empty/.test(e.message),
    );
    await assert.rejects(db.buildIndex('IVF_PQ', { numPartitions: 2 }), /the table is empty/);
    const exact = new ExactSearch(DIM);
    await assert.rejects(
      exact.search(q, 1),
      (e: Error) => e instanceof InputError && /the table is empty/.test(e.message),
    );
    exact.close();
  });

  test('k and ids are checked', async () => {
    const db = await lance('checks');
    await db.add([0, 1], gaussian(2, 7));
    await assert.rejects(db.search(gaussian(1, 8), 3), /k = 3 but the table holds only 2 vectors/);
    await assert.rejects(db.search(gaussian(1, 8), 0), /k: must be an integer >= 1/);
    await assert.rejects(db.add([5, 5], gaussian(2, 9)), /id 5 appears twice/);
    await assert.rejects(db.add([5], gaussian(2, 9)), /1 ids for 2 vectors/);
    assert.throws(() => db.configure({ nprobes: 0 }), /nprobes: must be an integer >= 1/);
    await assert.rejects(LanceSearch.open({ uri: tmp, table: 'nothing-here' }), /no table nothing-here/);
    await assert.rejects(
      LanceSearch.open({ uri: tmp, table: 'x', mode: 'create' }),
      /creating a table needs an integer width/,
    );
  });

  test('a closed table is a clear InputError, and holds no file open; the folder can be removed', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'closed-'));
    const db = await LanceSearch.open({ uri: dir, table: 'closed', mode: 'create', dim: DIM });
    await db.add([0, 1, 2, 3], gaussian(4, 10));
    await db.search(gaussian(1, 11), 2);
    db.close();
    db.close(); // twice is harmless
    await assert.rejects(
      db.search(gaussian(1, 11), 1),
      (e: Error) => e instanceof InputError && /this LanceDB table is closed/.test(e.message),
    );
    await assert.rejects(db.add([4], gaussian(1, 12)), /closed/);
    assert.throws(() => db.count(), /closed/);
    assert.deepEqual(openFilesUnder(dir), [], 'no file of the table is held open');
    const exact = new ExactSearch(DIM);
    exact.close();
    await assert.rejects(
      exact.search(gaussian(1, 11), 1),
      (e: Error) => e instanceof InputError && /this search is closed/.test(e.message),
    );
    fs.rmSync(dir, { recursive: true });
    assert.ok(!fs.existsSync(dir));
  });

  test('exact search leaks no tensor over add, search and close', async () => {
    const before = tf.memory().numTensors;
    const exact = new ExactSearch(DIM);
    await exact.add([0, 1, 2], gaussian(3, 13));
    await exact.search(gaussian(300, 14), 2); // more than one query batch
    await assert.rejects(exact.search([[NaN, ...new Array(DIM - 1).fill(0)]], 1), InputError);
    exact.close();
    assert.equal(tf.memory().numTensors, before);
  });
});
