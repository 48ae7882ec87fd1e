#!/usr/bin/env node
// `npm test`: type-check, then every test/**/*.test.ts with node's test runner.
// test/notebooks.test.ts executes all notebooks (as `npm run reports` does) and
// checks the HTML reports in headless Chromium. `--unit` skips it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, jupyterEnv } from './env.mjs';

const unitOnly = process.argv.includes('--unit');

function testFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}

console.log('> tsc --noEmit (strict type check of src/ and test/)');
const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('type check failed');
  process.exit(1);
}

let files = testFiles(path.join(ROOT, 'test')).map((f) => path.relative(ROOT, f));
if (unitOnly) files = files.filter((f) => f !== path.join('test', 'notebooks.test.ts'));
console.log(`> node --test (${files.length} files)`);
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: ROOT,
  stdio: 'inherit',
  env: jupyterEnv(),
});
process.exit(res.status ?? 1);
