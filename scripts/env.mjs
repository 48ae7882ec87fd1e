// Paths and tools shared by the project's scripts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VENV = path.join(ROOT, '.venv');

export function venvBin(name) {
  return path.join(VENV, 'bin', name);
}

// When pip is configured with only extra indexes (an offline mirror), the default
// index is unreachable and pip retries it for minutes per package: use the first
// extra index as the index. Users with no such config get pip's defaults.
export function pipIndexArgs() {
  const res = spawnSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' });
  if (res.status !== 0) return [];
  const get = (key) => {
    const line = res.stdout.split('\n').find((l) => new RegExp(`^[^=]*\\.${key}=`).test(l));
    return line
      ? line
          .slice(line.indexOf('=') + 1)
          .replace(/^'|'$/g, '')
          .split(/\s+/)
          .filter(Boolean)
      : [];
  };
  if (get('index-url').length) return [];
  const extra = get('extra-index-url');
  if (!extra.length) return [];
  return ['--index-url', extra[0], ...extra.slice(1).flatMap((u) => ['--extra-index-url', u])];
}

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && fs.existsSync(p)) ?? null;
}

/**
 * Fills the kernel's compile cache for notebooks/ (kernels/compile-cache.cjs), as `npm install`
 * does: the spawnSync result of `kernel.cjs --warm-compile-cache notebooks`.
 */
export function warmKernelCompileCache() {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, 'kernels', 'kernel.cjs'), '--warm-compile-cache', path.join(ROOT, 'notebooks')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
}

// Environment for Jupyter processes: the venv first on PATH, TensorFlow quiet.
export function jupyterEnv(extra = {}) {
  return {
    ...process.env,
    PATH: `${path.join(VENV, 'bin')}${path.delimiter}${process.env.PATH}`,
    TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2',
    ...extra,
  };
}
