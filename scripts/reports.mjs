#!/usr/bin/env node
// `npm run reports`: execute every notebook and write reports/*.html (scripts/reports.py).
// Extra arguments pass through, e.g. `npm run reports -- notebooks/00_similarity.ipynb`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ROOT, venvBin, jupyterEnv } from './env.mjs';

if (!fs.existsSync(venvBin('python'))) {
  console.error('reports: .venv is missing. Run `npm install` first (it creates .venv with Jupyter).');
  process.exit(1);
}
const res = spawnSync(venvBin('python'), ['scripts/reports.py', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: jupyterEnv(),
});
process.exit(res.status ?? 1);
