import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { BENCH_SNAPSHOT_FILE, loadBenchResults, parseBenchResults } from '../../src/datasets/benchmark';

// A quick `npm run bench -- --cases 2,3` run, kept as it was written (2026-12-07, AMD EPYC, 2 cores, busy).
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'bench', 'quick.json');
const raw = () => JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-bench-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('loadBenchResults', () => {
  test('reads a bench.json with its types: cases 2 and 3, the summary, the machine', () => {
    const b = loadBenchResults(FIXTURE);
    assert.equal(b.kind, 'your run');
    assert.equal(b.quick, true);
    assert.equal(b.machine.cores, 2);
    assert.equal(b.machine.python?.torch, '2.13.0+cpu');
    assert.deepEqual(
      b.attention?.map((r) => [r.N, r.causal]),
      raw().cases.attention.rows.map((r: { N: number; causal: boolean }) => [r.N, r.causal]),
    );
    assert.ok(b.attention?.every((r) => r.torch.median > 0 && r.numpy.median > 0));
    const f = b.flashVsPlain;
    assert.ok(f && f.rows.length > 0);
    assert.equal(f.summary.plainBytesModel.perNsquared.toFixed(1), '64.0');
    assert.equal(f.summary.firstGridNPlainDoesNotFit, null);
    assert.equal(b.summary.length, raw().summary.length);
    assert.equal(b.summary[0].case, 'attention');
  });
  test('the committed snapshot parses, and is what a fresh clone reads', () => {
    const b = loadBenchResults(BENCH_SNAPSHOT_FILE);
    assert.equal(b.kind, 'snapshot');
    assert.ok(b.attention && b.attention.length > 0, 'the snapshot holds case 2 (attention against torch and numpy)');
    assert.ok(b.flashVsPlain && b.flashVsPlain.rows.length > 0, 'the snapshot holds case 3 (flash vs plain)');
  });
  test('a missing field is named, with its path', () => {
    const j = raw();
    delete j.cases.attention.rows[1].torch;
    assert.throws(
      () => parseBenchResults(j, 'x.json', 'your run'),
      (e: unknown) =>
        e instanceof InputError && /cases\.attention\.rows\[1\]\.torch is missing/.test((e as Error).message),
    );
    const k = raw();
    k.cases.flashVsPlain.rows[0].flash.median = 'fast';
    assert.throws(() => parseBenchResults(k, 'x.json', 'your run'), /rows\[0\]\.flash\.median must be a finite number/);
  });
  test('cases that did not run are null, not an error', () => {
    const j = raw();
    delete j.cases.attention;
    delete j.cases.flashVsPlain;
    const b = parseBenchResults(j, 'x.json', 'your run');
    assert.equal(b.attention, null);
    assert.equal(b.flashVsPlain, null);
  });
  test('a missing or broken file gets a clear error', () => {
    assert.throws(() => loadBenchResults(path.join(tmp, 'none.json')), /none\.json is missing; `npm run bench` writes/);
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"date": ');
    assert.throws(() => loadBenchResults(bad), /bad\.json is not valid JSON/);
    assert.throws(() => loadBenchResults(''), /file must be a path/);
  });
});
