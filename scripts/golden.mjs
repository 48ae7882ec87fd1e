#!/usr/bin/env node
// `npm run golden`: regenerate test/golden/NNN.json by running the documents' own
// Python code (test/golden/gen_*.py) with numpy / scikit-learn / torch.
//   1. .venv-golden (python3 -m venv) with test/golden/requirements.txt, if missing;
//   2. every test/golden/gen_*.py, in name order, from the repository root.
// Any failure (including an assert in a gen script: a document's printed number
// no longer reproduced) stops with a non-zero exit.
// `npm run golden -- --models` instead makes the tiny test-only models of the documents'
// architectures and Hugging Face's outputs on them (test/golden/models/make_tiny_models.py,
// in .venv-golden-models with test/golden/models/requirements.txt: torch + transformers + onnx).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, pipIndexArgs } from './env.mjs';

const MODELS = process.argv.includes('--models');
const VENV = path.join(ROOT, MODELS ? '.venv-golden-models' : '.venv-golden');
const PY = path.join(VENV, 'bin', 'python');
const GOLDEN = path.join(ROOT, 'test', 'golden');
const REQS = path.join(GOLDEN, ...(MODELS ? ['models', 'requirements.txt'] : ['requirements.txt']));

function log(msg) {
  console.log(`[golden] ${msg}`);
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', encoding: 'utf8', ...opts });
  if (res.error) throw new Error(`${cmd} could not start: ${res.error.message}`);
  return res;
}

function must(cmd, args, opts = {}) {
  const res = run(cmd, args, opts);
  if (res.status !== 0) {
    if (opts.stdio === 'pipe') process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}`);
    throw new Error(`${path.relative(ROOT, cmd) || cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
  }
  return res;
}

// The pinned packages import (and have the pinned versions).
function venvReady() {
  if (!fs.existsSync(PY)) return false;
  const pins = Object.fromEntries(
    fs
      .readFileSync(REQS, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l.includes('=='))
      .map((l) => l.split('==')),
  );
  const check = `
import importlib.metadata as m, json, sys
bad = []
for name, want in json.loads(sys.argv[1]).items():
    try:
        got = m.version(name)
    except m.PackageNotFoundError:
        got = 'missing'
    if got.split('+')[0] != want:
        bad.append(f'{name} {got} (want {want})')
print(*bad, sep=', ')
sys.exit(1 if bad else 0)
`;
  const res = run(PY, ['-c', check, JSON.stringify(pins)], { stdio: 'pipe' });
  if (res.status !== 0) log(`.venv-golden not ready: ${(res.stdout + res.stderr).trim().split('\n').pop()}`);
  return res.status === 0;
}

function setupVenv() {
  const name = path.basename(VENV);
  if (venvReady()) return log(`${name}: the pinned packages of ${path.relative(ROOT, REQS)} are present`);
  if (!fs.existsSync(PY)) {
    log(`creating ${name} (python3 -m venv)`);
    must('python3', ['-m', 'venv', VENV]);
  }
  log(`installing ${path.relative(ROOT, REQS)} into ${name} (torch is large: a few minutes)`);
  must(PY, ['-m', 'pip', 'install', '-q', ...pipIndexArgs(), '-r', REQS]);
  if (!venvReady()) throw new Error(`${name} still lacks the pinned packages after pip install`);
}

function generate() {
  const started = Date.now() - 1000;
  if (MODELS) {
    const outputs = path.join(GOLDEN, 'models', 'outputs.json');
    must(PY, [path.join('test', 'golden', 'models', 'make_tiny_models.py')], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    });
    if (!fs.existsSync(outputs) || fs.statSync(outputs).mtimeMs < started)
      throw new Error('make_tiny_models.py ran but did not (re)write test/golden/models/outputs.json');
    return log('done: test/golden/models/hub/ and test/golden/models/outputs.json');
  }
  const scripts = fs
    .readdirSync(GOLDEN)
    .filter((f) => /^gen_.*\.py$/.test(f))
    .sort();
  if (!scripts.length) throw new Error('no test/golden/gen_*.py found');
  for (const script of scripts) {
    const rel = path.join('test', 'golden', script);
    log(`running ${rel}`);
    must(PY, [rel], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' } });
  }
  const expected = scripts.map((s) => s.replace(/^gen_(.*)\.py$/, '$1.json'));
  const stale = expected.filter((f) => {
    const file = path.join(GOLDEN, f);
    return !fs.existsSync(file) || fs.statSync(file).mtimeMs < started;
  });
  if (stale.length) throw new Error(`gen scripts ran but did not (re)write: ${stale.join(', ')}`);
  log(`done: ${expected.map((f) => `test/golden/${f}`).join(', ')}`);
}

try {
  setupVenv();
  generate();
} catch (err) {
  console.error(`[golden] FAILED: ${err.message}`);
  process.exit(1);
}
