#!/usr/bin/env node
// `npm test`: lint, type-check, then every test/**/*.test.ts with node's test runner, offline.
// test/notebooks.test.ts executes all notebooks (as `npm run reports` does) and checks the
// HTML reports in headless Chromium; test/reliability/ holds the failure fixtures, the kernel
// protocol checks, determinism, leaks and bad input. `--unit` skips the notebook runs.
// `--browser` runs the JupyterLab browser test instead (`npm run test:browser`).
//
// Offline: every Node process of the run (kernels included) preloads
// test/offline/no-network.cjs and every Python process imports test/offline/sitecustomize.py;
// a connection or DNS lookup that is not loopback fails and is logged, and the run fails
// if anything was logged.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, jupyterEnv } from './env.mjs';

const unitOnly = process.argv.includes('--unit');
const browser = process.argv.includes('--browser');
const t0 = Date.now();

function testFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

function offlineEnv(netlog) {
  const guard = path.join(ROOT, 'test', 'offline', 'no-network.cjs');
  return jupyterEnv({
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${guard}"`.trim(),
    PYTHONPATH: [path.join(ROOT, 'test', 'offline'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    ATTENTION_LAB_NETLOG: netlog,
    ATTENTION_LAB_TEST_STARTED: String(t0),
  });
}

if (!browser) {
  console.log('> npm run lint (ESLint and Prettier over the code and the notebook cells)');
  const lint = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'lint.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (lint.status !== 0) {
    console.error('lint failed: `npm run lint -- --fix` fixes what Prettier and ESLint can (LINT_NOTES.md)');
    process.exit(1);
  }
  console.log('> tsc --noEmit (strict type check of src/ and test/)');
  const tsc = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) {
    console.error('type check failed');
    process.exit(1);
  }
}

let files = browser
  ? [path.join('test', 'browser', 'lab.browser.ts')]
  : testFiles(path.join(ROOT, 'test')).map((f) => path.relative(ROOT, f));
// --unit: no notebook runs and no fixture notebooks (the slow part).
const SLOW = [
  'notebooks.test.ts',
  'reliability/determinism.test.ts',
  'reliability/failures.test.ts',
  'reliability/mismatch.test.ts',
  'reliability/protocol.test.ts',
  'embeddings/documentModelsNotebooks.test.ts',
].map((f) => path.join('test', f));
if (unitOnly) files = files.filter((f) => !SLOW.includes(f));

const netlog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-netlog-')), 'blocked.jsonl');
fs.writeFileSync(netlog, '');
console.log(`> node --test (${files.length} files), network blocked except loopback`);
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: ROOT,
  stdio: 'inherit',
  env: offlineEnv(netlog),
});

let status = res.status ?? 1;
const blocked = fs.readFileSync(netlog, 'utf8').trim();
fs.rmSync(path.dirname(netlog), { recursive: true, force: true });
if (blocked) {
  console.error('\nFAILED offline check: these connections left (or tried to leave) the machine:');
  for (const line of blocked.split('\n')) {
    const e = JSON.parse(line);
    console.error(`  ${e.what} ${e.dest}  (pid ${e.pid}: ${e.process})\n    ${[].concat(e.at).join('\n    ')}`);
  }
  status = 1;
} else {
  console.log('offline check: no connection other than loopback was attempted');
}
console.log(
  `${browser ? 'npm run test:browser' : 'npm test'}: ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
process.exit(status);
