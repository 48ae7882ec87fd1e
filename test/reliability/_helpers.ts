// Shared by the reliability tests (not a test file itself): running scripts/reports.py
// on fixture notebooks in a temporary folder, and headless Chromium with the network blocked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

export function jupyterEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(ROOT, '.venv', 'bin')}${path.delimiter}${process.env.PATH}`,
    TF_CPP_MIN_LOG_LEVEL: '2',
    ...extra,
  };
}

/**
 * A temporary folder laid out like the project (notebooks beside `src` and
 * `node_modules` links), so fixture notebooks can `import ... from './src/index'`.
 * Nothing is written under reports/ or notebooks/.
 */
export function scratchProject(prefix: string): { dir: string; nb: string; out: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `attention-lab-${prefix}-`));
  const nb = path.join(dir, 'nb');
  fs.mkdirSync(nb);
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(nb, 'src'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, nb, out: path.join(dir, 'out'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Failure {
  kind: string;
  cell: number | null;
  execution_count: number | null;
  ename: string;
  evalue: string;
}

export interface NotebookResult {
  notebook: string;
  status: string;
  error: string | null;
  failure: Failure | null;
  report: string;
  plots: number;
  seconds: number;
}

export interface ReportsRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  results: Map<string, NotebookResult>;
}

/** `npm run reports` (scripts/reports.mjs) on the given notebooks, into `out`. */
export function runReports(
  notebooks: string[],
  out: string,
  args: string[] = [],
  env: Record<string, string> = {},
): ReportsRun {
  const t0 = Date.now();
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts', 'reports.mjs'), '--out', out, ...args, ...notebooks],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
      env: jupyterEnv(env),
    },
  );
  const summaryFile = path.join(out, 'summary.json');
  const results = new Map<string, NotebookResult>();
  if (fs.existsSync(summaryFile)) {
    for (const r of JSON.parse(fs.readFileSync(summaryFile, 'utf8')).notebooks as NotebookResult[])
      results.set(r.notebook, r);
  }
  return {
    status: res.status,
    stdout: res.stdout ?? '',
    stderr: res.stderr ?? '',
    seconds: (Date.now() - t0) / 1000,
    results,
  };
}

export function findChromium(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && fs.existsSync(p),
  );
  assert.ok(
    found,
    "Chromium not found: install Debian's chromium package (npm install does it when run as root) or set CHROMIUM_PATH",
  );
  return found;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

/** Blocks every request that is not file:, data:, blob: or to loopback; returns the list of blocked URLs. */
export async function blockNetwork(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url) || /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url))
      return route.continue();
    blocked.push(url);
    return route.abort();
  });
  return blocked;
}
