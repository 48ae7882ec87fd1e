// Kernel clients in Python (jupyter_client), run from tests. They write their results to a
// file (--out), not stdout: the kernels they start inherit their stdout, so anything a kernel
// process writes there must not be able to corrupt the results.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PYTHON, ROOT, jupyterEnv } from '../reliability/_helpers';

/** Runs test/<script> with `--out <file>` and returns the JSON it wrote there. */
export function pythonResults<T>(
  script: string,
  options: { input?: string; env?: NodeJS.ProcessEnv; timeout: number },
): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-results-'));
  const out = path.join(dir, 'results.json');
  try {
    const res = spawnSync(PYTHON, [path.join(ROOT, 'test', script), '--out', out], {
      cwd: ROOT,
      input: options.input,
      encoding: 'utf8',
      timeout: options.timeout,
      env: { ...jupyterEnv(), ...options.env },
    });
    assert.equal(res.status, 0, `${script} failed: ${res.stderr}`);
    if (res.stdout.trim()) console.log(`kernel processes wrote to stdout (shown, not parsed):\n${res.stdout}`);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as T;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface CellResult {
  status: string;
  stdout: string;
  stderr: string;
  display: string[][];
  errors: Array<{ ename: string; evalue: string; traceback: string[] }>;
  /** Each execute_result (Out[n]): its execution count and MIME bundle. */
  results: Array<{ execution_count: number; data: Record<string, unknown> }>;
  /**
   * Every iopub message of the cell in order:
   * [msg_type, stream name | first mime | ename | state, stream text (streamTexts)].
   */
  iopub: Array<[string, string | null, string?]>;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  transport?: 'tcp' | 'ipc';
  /** Keep each stream message's text in `iopub` (to check the order across stdout and stderr). */
  streamTexts?: boolean;
  /** ms for the whole run (default 120 s). */
  timeout?: number;
}

/** Runs `cells` in order in one new kernel (test/kernel_client.py); what each sent back. */
export function runCells(cells: string[], options: RunOptions = {}): CellResult[] {
  const input = JSON.stringify({
    cells,
    cwd: options.cwd ?? path.join(ROOT, 'notebooks'),
    transport: options.transport ?? 'tcp',
    stream_texts: options.streamTexts ?? false,
  });
  return pythonResults<CellResult[]>('kernel_client.py', {
    input,
    env: options.env,
    timeout: options.timeout ?? 120_000,
  });
}
