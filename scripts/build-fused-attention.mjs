#!/usr/bin/env node
// Builds the fused attention kernel (native/fused_attention/) into native/build/, offline:
//   fused_attention.so  a TensorFlow custom op, compiled against the C++ headers of the same
//                       tensorflow-cpu wheel whose libtensorflow tfjs-node runs (same ABI);
//   loader.node         a Node addon that loads it into that runtime (TF_LoadLibrary);
//   build.json          what was built against (TensorFlow version, BLAS), read at run time.
// Tile products use Debian's oneDNN (libdnnl-dev; ATTENTION_LAB_BLAS=openblas for OpenBLAS).
// When it cannot be built (tfjs-node on the official libtensorflow 2.9.1, no compiler, no
// BLAS), it prints one line and attention runs on tfjs ops (src/attention/fusedKernel.ts).
// Run by scripts/setup.mjs at `npm install`; `node scripts/build-fused-attention.mjs` alone works too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipIndexArgs, ROOT } from './env.mjs';

export const TF_VERSION = '2.21.0';
const TF_WHEEL = `tensorflow-cpu==${TF_VERSION}`;
const SRC = path.join(ROOT, 'native', 'fused_attention');
const OUT = path.join(ROOT, 'native', 'build');
const TF_LIB = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-node', 'deps', 'lib');
const TF_INCLUDE = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-node', 'deps', 'include');

const BLAS = {
  dnnl: {
    deb: 'libdnnl-dev',
    header: '/usr/include/dnnl.h',
    define: ['-DATTENTION_LAB_DNNL'],
    libs: ['-ldnnl', '-lgomp'],
  },
  openblas: {
    deb: 'libopenblas-dev',
    header: '/usr/include/x86_64-linux-gnu/cblas.h',
    define: [],
    libs: ['-lopenblas'],
  },
};

function log(msg) {
  console.log(`[setup] fused attention: ${msg}`);
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', stdio: 'pipe', ...opts });
}

function hasHeader(blas) {
  return fs.existsSync(blas.header) || (blas === BLAS.openblas && fs.existsSync('/usr/include/cblas.h'));
}

/** Why the kernel cannot be built here, or null. Installs the BLAS package as root when missing. */
function missing(blas) {
  if (!fs.existsSync(path.join(TF_LIB, 'libtensorflow_cc.so.2')))
    return `tfjs-node does not run libtensorflow ${TF_VERSION} from the tensorflow-cpu wheel (the official 2.9.1 download?), so there are no matching headers`;
  if (run('g++', ['--version']).status !== 0) return 'no C++ compiler (g++)';
  const nodeApi = nodeIncludeDir();
  if (!nodeApi) return "no Node headers (node_api.h): install Debian's nodejs headers or set npm's nodedir";
  if (!hasHeader(blas)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || !fs.existsSync('/usr/bin/apt-get'))
      return `${blas.deb} is missing: sudo apt-get install ${blas.deb}, then npm install`;
    log(`installing Debian's ${blas.deb} (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update', '-qq'], { env });
    const res = run(
      'apt-get',
      ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', blas.deb],
      {
        env,
      },
    );
    if (res.status !== 0) return `apt-get install ${blas.deb} failed: ${res.stderr.trim().split('\n').pop()}`;
  }
  return null;
}

function nodeIncludeDir() {
  const dirs = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include', 'node'),
    path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node'),
    '/usr/include/node',
  ];
  return dirs.find((d) => d && fs.existsSync(path.join(d, 'node_api.h'))) ?? null;
}

function stampOf(blasName) {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(SRC).sort()) h.update(f).update(fs.readFileSync(path.join(SRC, f)));
  h.update(blasName)
    .update(TF_VERSION)
    .update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return h.digest('hex');
}

/** The C++ headers of the tensorflow-cpu wheel, extracted into `dir` (pip download from the mirror). */
function wheelHeaders(dir) {
  const res = run('python3', ['-m', 'pip', 'download', '-q', '--no-deps', ...pipIndexArgs(), TF_WHEEL, '-d', dir]);
  if (res.status !== 0) throw new Error(`pip download ${TF_WHEEL} failed: ${res.stderr.trim().split('\n').pop()}`);
  const wheel = fs.readdirSync(dir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download of ${TF_WHEEL} produced no wheel`);
  const extract = `
import sys, zipfile
whl, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    z.extractall(dest, [n for n in z.namelist() if n.startswith('tensorflow/include/') and not n.endswith('/')])
`;
  const x = run('python3', ['-c', extract, path.join(dir, wheel), dir]);
  if (x.status !== 0) throw new Error(`extracting the wheel's headers failed: ${x.stderr.trim()}`);
  fs.rmSync(path.join(dir, wheel));
  return path.join(dir, 'tensorflow', 'include');
}

function compile(args) {
  const res = run('g++', args);
  if (res.status !== 0)
    throw new Error(
      `g++ failed:\n${(res.stderr || res.stdout)
        .split('\n')
        .filter((l) => /error/.test(l))
        .slice(0, 8)
        .join('\n')}`,
    );
}

/** Builds when needed; returns true when native/build holds a kernel for this tree. */
export function buildFusedAttention() {
  const blasName = process.env.ATTENTION_LAB_BLAS ?? 'dnnl';
  const blas = BLAS[blasName];
  if (!blas) throw new Error(`ATTENTION_LAB_BLAS=${blasName}: expected dnnl or openblas`);
  const stampFile = path.join(OUT, 'build.json');
  const stamp = stampOf(blasName);
  try {
    if (JSON.parse(fs.readFileSync(stampFile, 'utf8')).stamp === stamp) {
      log(`built (${blasName}; nothing to do)`);
      return true;
    }
  } catch {
    // not built yet
  }
  const why = missing(blas);
  if (why) {
    log(`not built: ${why}. Attention runs on tfjs ops instead.`);
    return false;
  }
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-fused-'));
  try {
    const include = wheelHeaders(tmp);
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const rpath = `-Wl,-rpath,${TF_LIB}`;
    // TensorFlow's own flags (tf.sysconfig.get_compile_flags()), and the CPU this is built on.
    compile([
      ...['-std=c++17', '-O3', '-march=native', '-fPIC', '-shared', '-Wno-deprecated-declarations'],
      ...['-D_GLIBCXX_USE_CXX11_ABI=1', '-DEIGEN_MAX_ALIGN_BYTES=64', ...blas.define, `-I${include}`],
      path.join(SRC, 'fused_attention_op.cc'),
      ...['-o', path.join(OUT, 'fused_attention.so'), `-L${TF_LIB}`, '-l:libtensorflow_framework.so.2'],
      ...blas.libs,
      rpath,
    ]);
    compile([
      ...['-std=c++17', '-O2', '-fPIC', '-shared', '-DNODE_GYP_MODULE_NAME=loader'],
      ...[`-I${nodeIncludeDir()}`, `-I${TF_INCLUDE}`],
      path.join(SRC, 'loader.cc'),
      ...['-o', path.join(OUT, 'loader.node'), `-L${TF_LIB}`, '-l:libtensorflow_cc.so.2', rpath],
    ]);
    const pkg = blasName === 'dnnl' ? 'libdnnl2' : 'libopenblas0-pthread';
    const version = run('dpkg-query', ['-W', '-f', '${Version}', pkg]).stdout.trim() || 'unknown';
    fs.writeFileSync(
      stampFile,
      JSON.stringify({ stamp, tensorflow: TF_VERSION, blas: `${blasName} ${version}` }, null, 2),
    );
    log(
      `built with ${blasName} ${version} against TensorFlow ${TF_VERSION}'s headers in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    return true;
  } catch (err) {
    log(`not built: ${err.message}. Attention runs on tfjs ops instead.`);
    return false;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildFusedAttention();
