// Running cells in a fresh TypeScript kernel through test/kernel_client.py (jupyter_client).
// Results come back in a file, not on stdout: the kernel inherits the client's stdout, so
// anything a kernel process writes there must not be able to corrupt them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

export interface CellResult {
  status: string;
  stdout: string;
  stderr: string;
  display: string[][];
  errors: Array<{ ename: string; evalue: string }>;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  transport?: 'tcp' | 'ipc';
}

/** Runs `cells` in order in one new kernel; what each sent back. */
export function runCells(cells: string[], options: RunOptions = {}): CellResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-cells-'));
  const out = path.join(dir, 'results.json');
  try {
    const res = spawnSync(PYTHON, [path.join(ROOT, 'test', 'kernel_client.py'), '--out', out], {
      cwd: ROOT,
      input: JSON.stringify({ cells, cwd: options.cwd ?? path.join(ROOT, 'notebooks'), transport: options.transport ?? 'tcp' }),
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PATH: `${path.join(ROOT, '.venv', 'bin')}${path.delimiter}${process.env.PATH}`, TF_CPP_MIN_LOG_LEVEL: '2', ...options.env },
    });
    assert.equal(res.status, 0, `kernel client failed: ${res.stderr}`);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
