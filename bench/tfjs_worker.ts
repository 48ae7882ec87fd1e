// Benchmark worker for this project on tfjs-node (protocol: bench/protocol.md).
// Started by scripts/bench.mjs as `node --import tsx bench/tfjs_worker.ts`; one JSON command
// per line on stdin, one JSON answer per line on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf, backendInfo } from '../src/core/backend';
import {
  flashAttention,
  scaledDotProductAttention,
  oneDnnSoftmaxAvailable,
  DEFAULT_BLOCK_SIZE,
  DEFAULT_TILE_ELEMENTS,
  flashBlockSizes,
} from '../src/attention/index';
import { attentionKernel } from '../src/attention/fusedKernel';
import { SearchIndex, buildIndex, search, searchIndexed } from './search';

type Inputs = Record<string, Tensor>;
type Opts = Record<string, unknown>;
/** A task returns what it computed: tensors are disposed by the worker, plain values are kept. */
type Task = (x: Inputs, opts: Opts) => unknown;

const TASKS: Record<string, Task> = {
  // Case 1: C = A B.
  matmul: (x) => tf.matMul(x.a, x.b),
  // Case 2 and 3: the project's attention. `flash` is the tiled path (output only, as torch's
  // scaled_dot_product_attention); `plain` is scaledDotProductAttention, which also returns the
  // (..., N, N) weights.
  // `flash` is flashAttention's default: the fused kernel when built (attentionKernel()).
  // `tfjsOps` is the tfjs-op path: the same call with its default blocks given explicitly.
  flash: (x, o) => flashAttention(x.q, x.k, x.v, { isCausal: o.causal === true, ...blockOpts(o) }),
  tfjsOps: (x, o) => {
    const [nQ, nK] = [x.q.shape[x.q.rank - 2], x.k.shape[x.k.rank - 2]];
    const heads = x.q.size / (nQ * x.q.shape[x.q.rank - 1]);
    const blocks = flashBlockSizes(heads, nQ, nK, { isCausal: o.causal === true });
    return flashAttention(x.q, x.k, x.v, { isCausal: o.causal === true, ...blocks });
  },
  plain: (x, o) => scaledDotProductAttention(x.q, x.k, x.v, { isCausal: o.causal === true }),
  // Case 4: cosine top-k. `search` is src/maths/search.ts topK as notebooks call it (normalises the
  // corpus every call); `searchIndexed` keeps the corpus normalised from load time.
  search: (x, o) => search(x.embeddings, x.queries, Number(o.k ?? 10)),
  searchIndexed: (x, o) => searchIndexed(indexes.get(x) as SearchIndex, x.queries, Number(o.k ?? 10)),
};

function blockOpts(o: Opts): { blockSizeQ?: number; blockSizeK?: number } {
  const out: { blockSizeQ?: number; blockSizeK?: number } = {};
  if (typeof o.blockSizeQ === 'number') out.blockSizeQ = o.blockSizeQ;
  if (typeof o.blockSizeK === 'number') out.blockSizeK = o.blockSizeK;
  return out;
}

const store = new Map<string, Inputs>();
const indexes = new Map<Inputs, SearchIndex>();

function readFloat32(file: string, shape: number[]): Tensor {
  const buf = fs.readFileSync(file);
  const n = shape.reduce((a, b) => a * b, 1);
  if (buf.byteLength !== n * 4)
    throw new Error(`${file}: ${buf.byteLength} bytes, expected ${n * 4} for shape [${shape}]`);
  const values = new Float32Array(buf.buffer, buf.byteOffset, n);
  return tf.tensor(values, shape, 'float32');
}

function statusKiB(field: string): number {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) : NaN;
}

/** Everything tensors a task result holds, to dispose. */
function tensorsIn(result: unknown): Tensor[] {
  if (result instanceof tf.Tensor) return [result];
  if (Array.isArray(result)) return result.flatMap(tensorsIn);
  if (result && typeof result === 'object') return Object.values(result).flatMap(tensorsIn);
  return [];
}

function save(result: unknown, file: string): void {
  let values: ArrayLike<number>;
  if (result instanceof tf.Tensor) values = result.dataSync() as Float32Array;
  else if (result && typeof result === 'object' && 'output' in result)
    values = (result as { output: Tensor }).output.dataSync() as Float32Array;
  else if (result && typeof result === 'object' && 'indices' in result)
    values = Float32Array.from((result as { indices: number[][] }).indices.flat());
  else throw new Error('cannot save this result');
  fs.writeFileSync(file, Buffer.from(Float32Array.from(values).buffer));
}

function task(name: unknown): Task {
  const t = TASKS[String(name)];
  if (!t) throw new Error(`unknown task ${String(name)}; known: ${Object.keys(TASKS).join(', ')}`);
  return t;
}

function inputs(key: unknown): Inputs {
  const x = store.get(String(key));
  if (!x) throw new Error(`no inputs loaded under ${String(key)}`);
  return x;
}

async function handle(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
  switch (msg.cmd) {
    case 'info':
      return {
        implementation: 'tfjs-node',
        ...backendInfo(),
        flashDefaultBlock: DEFAULT_BLOCK_SIZE,
        flashTileElements: DEFAULT_TILE_ELEMENTS,
        oneDnnSoftmax: oneDnnSoftmaxAvailable(),
        attentionKernel: attentionKernel(),
        cpus: os.cpus().length,
        tfFlags: tf.env().getFlags(),
      };
    case 'load': {
      const key = String(msg.key);
      const old = store.get(key);
      if (old)
        tf.dispose([...Object.values(old), ...(indexes.has(old) ? [(indexes.get(old) as SearchIndex).unit] : [])]);
      if (old) indexes.delete(old);
      const x: Inputs = {};
      for (const [name, spec] of Object.entries(msg.tensors as Record<string, { file: string; shape: number[] }>))
        x[name] = readFloat32(spec.file, spec.shape);
      if (x.embeddings) indexes.set(x, buildIndex(x.embeddings));
      store.set(key, x);
      return { bytes: tf.memory().numBytes };
    }
    case 'run': {
      const f = task(msg.task);
      const x = inputs(msg.key);
      const opts = (msg.opts ?? {}) as Opts;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const result = f(x, opts);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const c = process.cpuUsage(c0);
      if (typeof msg.save === 'string') save(result, msg.save);
      tf.dispose(tensorsIn(result));
      return { ms, cpuMs: (c.user + c.system) / 1e3 };
    }
    case 'memory': {
      const f = task(msg.task);
      const x = inputs(msg.key);
      const opts = (msg.opts ?? {}) as Opts;
      const tfBefore = tf.memory().numBytes;
      const rssBefore = statusKiB('VmRSS') * 1024;
      fs.writeFileSync('/proc/self/clear_refs', '5'); // reset the peak (VmHWM) to the current RSS
      const t0 = process.hrtime.bigint();
      let ms = 0;
      const profile = await tf.profile(() => {
        const result = f(x, opts);
        ms = Number(process.hrtime.bigint() - t0) / 1e6;
        tf.dispose(tensorsIn(result));
        return undefined as unknown as Tensor;
      });
      const rssPeak = statusKiB('VmHWM') * 1024;
      return {
        ms,
        rssBefore,
        rssPeak,
        rssDelta: rssPeak - rssBefore,
        tfBefore,
        tfPeak: profile.peakBytes,
        tfDelta: profile.peakBytes - tfBefore,
        kernels: profile.kernels.length,
      };
    }
    case 'profile': {
      const f = task(msg.task);
      const x = inputs(msg.key);
      const opts = (msg.opts ?? {}) as Opts;
      const t0 = process.hrtime.bigint();
      const profile = await tf.profile(() => {
        tf.dispose(tensorsIn(f(x, opts)));
        return undefined as unknown as Tensor;
      });
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const byKernel: Record<string, { calls: number; ms: number }> = {};
      for (const k of profile.kernels) {
        const e = (byKernel[k.name] ??= { calls: 0, ms: 0 });
        e.calls += 1;
        e.ms += Number(k.kernelTimeMs);
      }
      const kernelMs = Object.values(byKernel).reduce((a, e) => a + e.ms, 0);
      // The fused kernel's own phases (thread time summed), from one more call that writes them.
      let fusedPhases: Record<string, number> | null = null;
      if (byKernel.AttentionLabFusedAttention) {
        const file = path.join(os.tmpdir(), `attention-lab-fused-profile-${process.pid}.json`);
        process.env.ATTENTION_LAB_FUSED_PROFILE = file;
        try {
          tf.dispose(tensorsIn(f(x, opts)));
          fusedPhases = JSON.parse(fs.readFileSync(file, 'utf8'));
        } finally {
          delete process.env.ATTENTION_LAB_FUSED_PROFILE;
          fs.rmSync(file, { force: true });
        }
      }
      return { wallMs, kernelMs, ops: profile.kernels.length, byKernel, fusedPhases };
    }
    case 'free': {
      const x = store.get(String(msg.key));
      if (x) tf.dispose([...Object.values(x), ...(indexes.has(x) ? [(indexes.get(x) as SearchIndex).unit] : [])]);
      if (x) indexes.delete(x);
      store.delete(String(msg.key));
      return { numTensors: tf.memory().numTensors };
    }
    case 'exit':
      setImmediate(() => process.exit(0));
      return {};
    default:
      throw new Error(`unknown command ${String(msg.cmd)}`);
  }
}

const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    let answer: Record<string, unknown>;
    try {
      answer = { ok: true, ...(await handle(JSON.parse(line))) };
    } catch (e) {
      answer = { ok: false, error: (e as Error).stack ?? String(e) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
rl.on('close', () => process.exit(0));
