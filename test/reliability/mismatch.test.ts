// Notebooks are tests: a reference value that a notebook compares with, nudged by 1 % in a
// temporary copy of the project, makes `npm run reports` fail, naming the notebook, the cell
// and the row; the same copy with the true value passes. The copy holds its own src/ and
// test/golden/ (src/core/paths.ts finds the golden files from src/'s real location), so the
// project's own files are never touched.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, runReports, type ReportsRun } from './_helpers';

const NOTEBOOK = '00_similarity.ipynb';
let dir: string;
let golden: string;
let nudged: ReportsRun;
let passing: ReportsRun;

function projectCopy(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-mismatch-'));
  fs.cpSync(path.join(ROOT, 'src'), path.join(d, 'src'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'test', 'golden'), path.join(d, 'test', 'golden'), {
    recursive: true,
    filter: (f) => f.endsWith('golden') || f.endsWith('.json'),
  });
  for (const link of ['node_modules', 'data']) fs.symlinkSync(path.join(ROOT, link), path.join(d, link));
  fs.mkdirSync(path.join(d, 'notebooks'));
  fs.symlinkSync('../src', path.join(d, 'notebooks', 'src'));
  fs.copyFileSync(path.join(ROOT, 'notebooks', NOTEBOOK), path.join(d, 'notebooks', NOTEBOOK));
  return d;
}

before(() => {
  dir = projectCopy();
  golden = path.join(dir, 'test', 'golden', '000.json');
  const original = fs.readFileSync(golden, 'utf8');
  const g = JSON.parse(original);
  g.simi_01.similarity_matrix[0][1] *= 1.01; // red · pink, 0.774329 → 0.782072
  fs.writeFileSync(golden, JSON.stringify(g));
  nudged = runReports([path.join(dir, 'notebooks', NOTEBOOK)], path.join(dir, 'out-nudged'));
  fs.writeFileSync(golden, original);
  passing = runReports([path.join(dir, 'notebooks', NOTEBOOK)], path.join(dir, 'out-true'));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a reference value nudged by 1 % fails the run', () => {
  test('npm run reports exits 1, naming the notebook, the cell and the row', () => {
    assert.equal(nudged.status, 1, nudged.stdout + nudged.stderr);
    const r = nudged.results.get(NOTEBOOK);
    assert.ok(r?.failure, `no failure recorded: ${nudged.stdout}`);
    assert.equal(r.failure.ename, 'MismatchError');
    assert.equal(r.failure.cell, 8, r.error ?? ''); // the similarity-matrix cell (1-based, markdown counted)
    const line = new RegExp(
      `FAILED ${NOTEBOOK.replace('.', '\\.')}[\\s\\S]*cell 8 \\(In \\[\\d+\\]\\): MismatchError: showComparison ` +
        `"cosine similarity: ours beside the document": row "red · pink": ours 0\\.7743\\d*, reference 0\\.7820\\d*`,
    );
    assert.match(nudged.stdout, line);
    assert.equal(r.report, '00_similarity.FAILED.html');
  });
  test('only that row is named: the others still agree', () => {
    const r = nudged.results.get(NOTEBOOK);
    assert.doesNotMatch(r?.error ?? '', /pink · green|red · green|red · red/);
  });
  test('with the true value the same copy passes', () => {
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.equal(passing.results.get(NOTEBOOK)?.status, 'ok');
  });
});
