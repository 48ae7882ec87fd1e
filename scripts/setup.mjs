#!/usr/bin/env node
// The whole set-up behind `npm install` (run as its postinstall). Each step checks
// whether it is already done, so re-running `npm install` is quick and harmless.
//   1. tfjs-node: official binaries when online, else libtensorflow from the
//      tensorflow-cpu wheel and the addon built from source (ENVIRONMENT.md).
//   1b. the fused attention kernel against that libtensorflow (build-fused-attention.mjs),
//      or one line saying why not (attention then runs on tfjs ops).
//   2. .venv with Jupyter from requirements.txt (pip mirror used when configured).
//   3. the TypeScript kernel (kernels/tslab) registered inside .venv only.
//   4. Debian's chromium for the report checks, when missing and we may apt-get.
//   5. the full GloVe vocabulary converted and its LanceDB tables built (scripts/data.mjs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFusedAttention } from './build-fused-attention.mjs';
import { pipIndexArgs, findChromium, venvBin, warmKernelCompileCache, ROOT } from './env.mjs';

const TF_WHEEL = 'tensorflow-cpu==2.21.0';
const TFJS_DIR = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-node');

function log(msg) {
  console.log(`[setup] ${msg}`);
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (res.error) throw new Error(`${cmd} could not start: ${res.error.message}`);
  return res;
}

function must(cmd, args, opts = {}) {
  const res = run(cmd, args, opts);
  if (res.status !== 0) {
    if (opts.quiet) process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}`);
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status})`);
  }
  return res;
}

function tfjsLoads() {
  const res = run(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], {
    cwd: ROOT,
    quiet: true,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  return res.status === 0;
}

// ---- 1. tfjs-node ----------------------------------------------------------
function setupTfjs() {
  if (!fs.existsSync(TFJS_DIR)) throw new Error('node_modules/@tensorflow/tfjs-node is missing: run npm install');
  if (tfjsLoads()) return log('tfjs-node: native backend loads (nothing to do)');

  const pkgJson = path.join(TFJS_DIR, 'package.json');
  const backup = fs.readFileSync(pkgJson); // install.js rewrites it
  log('tfjs-node: trying the official download (libtensorflow 2.9.1 + prebuilt addon)');
  const official = run(process.execPath, ['scripts/install.js'], { cwd: TFJS_DIR, quiet: true, timeout: 180_000 });
  fs.writeFileSync(pkgJson, backup);
  if (official.status === 0 && tfjsLoads()) return log('tfjs-node: official binaries installed');
  log('tfjs-node: official download unavailable; building from the tensorflow-cpu wheel instead');
  buildTfjsFromWheel();
  if (!tfjsLoads()) throw new Error('tfjs-node still fails to load after building the addon');
  log('tfjs-node: addon built against libtensorflow from the wheel');
}

function buildTfjsFromWheel() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-tf-'));
  try {
    must('python3', ['-m', 'pip', 'download', '-q', '--no-deps', ...pipIndexArgs(), TF_WHEEL, '-d', tmp], {
      quiet: true,
    });
    const wheel = fs.readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error(`pip download of ${TF_WHEEL} produced no wheel`);
    const deps = path.join(TFJS_DIR, 'deps');
    fs.rmSync(deps, { recursive: true, force: true });
    fs.mkdirSync(path.join(deps, 'lib'), { recursive: true });
    // Only the two shared libraries and the C API headers are needed.
    const extract = `
import sys, zipfile, os, shutil
whl, deps = sys.argv[1], sys.argv[2]
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
heads = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/c/', 'tsl/platform/', 'xla/tsl/c/', 'xla/tsl/platform/']
with zipfile.ZipFile(whl) as z:
    for n in z.namelist():
        if n in libs:
            dest = os.path.join(deps, 'lib', os.path.basename(n))
        elif n.startswith('tensorflow/include/') and any(n[len('tensorflow/include/'):].startswith(h) for h in heads):
            dest = os.path.join(deps, 'include', n[len('tensorflow/include/'):])
        else:
            continue
        if n.endswith('/'):
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(n) as src, open(dest, 'wb') as out:
            shutil.copyfileobj(src, out)
`;
    must('python3', ['-c', extract, path.join(tmp, wheel), deps]);
    const lib = path.join(deps, 'lib');
    // binding.gyp links -ltensorflow; deps-constants.js looks for the 2.9.1 names.
    // The addon records the SONAME libtensorflow_cc.so.2, so that file keeps its name.
    for (const [link, target] of [
      ['libtensorflow.so', 'libtensorflow_cc.so.2'],
      ['libtensorflow_framework.so', 'libtensorflow_framework.so.2'],
      ['libtensorflow.so.2.9.1', 'libtensorflow_cc.so.2'],
      ['libtensorflow_framework.so.2.9.1', 'libtensorflow_framework.so.2'],
    ]) {
      fs.rmSync(path.join(lib, link), { force: true });
      fs.symlinkSync(target, path.join(lib, link));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const preGyp = path.join(ROOT, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
  const nodedir = fs.existsSync('/usr/include/node/node_api.h') ? ['--nodedir=/usr'] : [];
  must(process.execPath, [preGyp, 'install', '--build-from-source', ...nodedir], { cwd: TFJS_DIR, quiet: true });
}

// ---- 2. Python virtual environment -----------------------------------------
function setupVenv() {
  const venv = path.join(ROOT, '.venv');
  const req = path.join(ROOT, 'requirements.txt');
  const stamp = path.join(venv, '.attention-lab-requirements');
  const want = createHash('sha256').update(fs.readFileSync(req)).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return log('.venv: up to date');
  if (!fs.existsSync(venvBin('python'))) {
    log('.venv: creating');
    must('python3', ['-m', 'venv', venv]);
  }
  log('.venv: installing requirements.txt (JupyterLab, nbconvert, nbclient, plotly)');
  must(venvBin('python'), ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', ...pipIndexArgs(), '-r', req], {
    quiet: true,
  });
  fs.writeFileSync(stamp, want);
}

// ---- 3. TypeScript kernel ---------------------------------------------------
function setupKernel() {
  // The kernel compiles cells with tslab's converter, patched (kernels/tslab-patch.cjs says
  // what and why); a tslab that the patch does not fit stops the install here, by name.
  log(
    `kernel: ${must(process.execPath, [path.join(ROOT, 'kernels', 'tslab-patch.cjs')], { quiet: true }).stdout.trim()}`,
  );
  // kernel.json uses {prefix} (the venv), so nothing absolute is committed.
  must(
    venvBin('jupyter'),
    ['kernelspec', 'install', path.join(ROOT, 'kernels', 'tslab'), '--sys-prefix', '--name', 'tslab'],
    {
      quiet: true,
    },
  );
  log('kernel: "TypeScript" (tslab) registered in .venv');
  // The kernel checks src/ once per content and caches it (kernels/compile-cache.cjs): do
  // it now, so the first notebook opened starts as fast as the next. Not fatal: a kernel
  // without the cache does the check itself.
  const warm = warmKernelCompileCache();
  log(
    warm.status === 0
      ? `kernel: ${warm.stdout.trim()}`
      : `kernel: compile cache not filled (${(warm.stderr || warm.stdout || '').trim().split('\n').slice(-3).join(' ')}); the first notebook checks src/ itself`,
  );
}

// ---- 4. Chromium (and CJK fonts) for the report checks, and Jupyter's kernel conformance
// suite (jupyter_kernel_test: Debian's python3-jupyter-kernel-test, not in the pip mirror) ----
function hasCjkFont() {
  try {
    const res = run('fc-list', [':lang=zh', 'family'], { quiet: true });
    return res.status === 0 && res.stdout.trim().length > 0;
  } catch {
    return false; // no fontconfig yet
  }
}

function setupChromium() {
  const missing = [];
  if (!findChromium()) missing.push('chromium');
  // The documents' titles are Chinese; without a CJK font screenshots show boxes.
  if (!findChromium() || !hasCjkFont()) missing.push('fonts-noto-cjk');
  if (!fs.existsSync('/usr/lib/python3/dist-packages/jupyter_kernel_test')) missing.push('python3-jupyter-kernel-test');
  if (!missing.length) return log(`chromium: ${findChromium()}; jupyter_kernel_test: Debian's`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    log(
      `chromium: missing ${missing.join(', ')}. The report checks and the kernel conformance suite in \`npm test\` need them: install Debian's packages (sudo apt-get install ${missing.join(' ')}); for Chromium, CHROMIUM_PATH also works.`,
    );
    return;
  }
  log(`chromium: installing Debian's ${missing.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get (an unattended upgrade, a second install) holds dpkg's lock for a while: wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  must('apt-get', [...lock, 'update', '-qq'], { quiet: true, env });
  must('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { quiet: true, env });
  if (!findChromium()) throw new Error('apt-get installed chromium but no chromium binary was found');
}

// ---- 5. The GloVe vocabulary for notebook 07 (scripts/data.mjs; `npm run data` redoes it) ----
function setupData() {
  const t0 = Date.now();
  must(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'data.mjs')], {
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  log(`data: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function main() {
  const only = process.argv.slice(2);
  const steps = {
    tfjs: setupTfjs,
    fused: buildFusedAttention,
    venv: setupVenv,
    kernel: setupKernel,
    chromium: setupChromium,
    data: setupData,
  };
  const t0 = Date.now();
  for (const [name, step] of Object.entries(steps)) {
    if (only.length && !only.includes(name)) continue;
    step();
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(`[setup] FAILED: ${err.message}`);
    process.exit(1);
  }
}
