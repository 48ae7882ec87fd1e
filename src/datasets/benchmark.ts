// What `npm run bench` measured, read back with types: the user's own run
// (reports/bench.json) when there is one, else the committed snapshot
// (bench/snapshot.json, written by `npm run bench -- --snapshot`, with its date and
// machine). Notebook 05 draws its comparisons with numpy and PyTorch from it, so a
// fresh clone's report shows them too. Only the fields the notebooks read are typed
// and checked; a file missing one fails with the field's name.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths';
import { InputError } from '../core/validate';

/** The user's own `npm run bench` (gitignored). */
export const BENCH_RUN_FILE = path.join(PROJECT_ROOT, 'reports', 'bench.json');
/** The committed snapshot, refreshed by `npm run bench -- --snapshot`. */
export const BENCH_SNAPSHOT_FILE = path.join(PROJECT_ROOT, 'bench', 'snapshot.json');

/** Milliseconds over the repetitions of one call. */
export interface BenchTiming {
  median: number;
  min: number;
  n: number;
}

export interface BenchMemory {
  rssPeak: number;
  tfDelta: number;
}

/** Case 2: attention of 8 heads of width 64, ours against torch's SDPA and numpy. */
export interface BenchAttentionRow {
  N: number;
  causal: boolean;
  /** flashAttention as it runs by default: the fused kernel when it is built, else tfjs ops. */
  flash: BenchTiming;
  /** flashAttention on tfjs ops (runs from before the fused kernel have none). */
  tfjsOps?: BenchTiming;
  plain: BenchTiming;
  torch: BenchTiming;
  numpy: BenchTiming;
}

/** Case 3: flash against plain attention on tfjs, time and memory; plain only where it fits. */
export interface BenchFlashRow {
  N: number;
  flash: BenchTiming;
  flashMemory: BenchMemory;
  plain?: BenchTiming;
  plainMemory?: BenchMemory;
  plainPredictedBytes: number;
  ratio?: number;
}

export interface BenchFlashSummary {
  /** Plain attention's peak bytes above its inputs, fitted: perNsquared·N² + perN·N + constant. */
  plainBytesModel: { perNsquared: number; perN: number; constant: number };
  plainLargestNIn8GiB: number;
  firstGridNPlainDoesNotFit: number | null;
  flashAtThatN: { ms: number; rssPeak: number } | null;
}

export interface BenchSummaryRow {
  case: string;
  what: string;
  ours: number | null;
  reference: number | null;
  ratio: number | null;
  target: string;
  met: string;
}

export interface BenchResults {
  /** Which file this came from, and whether it is the user's run or the committed snapshot. */
  file: string;
  kind: 'your run' | 'snapshot';
  date: string;
  quick: boolean;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    tfjs?: { tfjs: string; libtensorflow: string };
    python?: { numpy: string; torch: string };
  };
  /** 1, 5 and 15-minute load averages when the run started. */
  loadAtStart: number[];
  attention: BenchAttentionRow[] | null;
  /** Which kernel `flash` was in case 2: 'fused' or 'tfjs' (null in runs from before the fused kernel). */
  attentionKernel: string | null;
  flashVsPlain: { rows: BenchFlashRow[]; summary: BenchFlashSummary } | null;
  summary: BenchSummaryRow[];
}

type Json = Record<string, unknown>;

function field(obj: unknown, key: string, where: string): unknown {
  if (obj === null || typeof obj !== 'object' || !(key in obj))
    throw new InputError(`bench results: ${where}.${key} is missing`);
  return (obj as Json)[key];
}

function num(obj: unknown, key: string, where: string): number {
  const v = field(obj, key, where);
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(`bench results: ${where}.${key} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function str(obj: unknown, key: string, where: string): string {
  const v = field(obj, key, where);
  if (typeof v !== 'string') throw new InputError(`bench results: ${where}.${key} must be a string`);
  return v;
}

function list(obj: unknown, key: string, where: string): unknown[] {
  const v = field(obj, key, where);
  if (!Array.isArray(v)) throw new InputError(`bench results: ${where}.${key} must be an array`);
  return v;
}

function timing(obj: unknown, key: string, where: string): BenchTiming {
  const t = field(obj, key, where);
  const w = `${where}.${key}`;
  return { median: num(t, 'median', w), min: num(t, 'min', w), n: num(t, 'n', w) };
}

function memory(obj: unknown, key: string, where: string): BenchMemory {
  const m = field(obj, key, where);
  return { rssPeak: num(m, 'rssPeak', `${where}.${key}`), tfDelta: num(m, 'tfDelta', `${where}.${key}`) };
}

const present = (obj: unknown, key: string) =>
  obj !== null && typeof obj === 'object' && (obj as Json)[key] !== undefined && (obj as Json)[key] !== null;

/** Parses and checks the JSON that `npm run bench` writes. */
export function parseBenchResults(json: unknown, file: string, kind: BenchResults['kind']): BenchResults {
  const m = field(json, 'machine', 'bench');
  const cases = field(json, 'cases', 'bench');
  const attention = present(cases, 'attention')
    ? list(field(cases, 'attention', 'cases'), 'rows', 'cases.attention').map((r, i) => {
        const w = `cases.attention.rows[${i}]`;
        const causal = field(r, 'causal', w);
        if (typeof causal !== 'boolean') throw new InputError(`bench results: ${w}.causal must be a boolean`);
        const row: BenchAttentionRow = {
          N: num(r, 'N', w),
          causal,
          flash: timing(r, 'flash', w),
          plain: timing(r, 'plain', w),
          torch: timing(r, 'torch', w),
          numpy: timing(r, 'numpy', w),
        };
        if (present(r, 'tfjsOps')) row.tfjsOps = timing(r, 'tfjsOps', w);
        return row;
      })
    : null;
  const kernelInfo = present(cases, 'attention') ? (field(cases, 'attention', 'cases') as Json).attentionKernel : null;
  const attentionKernel =
    kernelInfo && typeof kernelInfo === 'object' && typeof (kernelInfo as Json).kernel === 'string'
      ? ((kernelInfo as Json).kernel as string)
      : null;
  let flashVsPlain: BenchResults['flashVsPlain'] = null;
  if (present(cases, 'flashVsPlain')) {
    const c = field(cases, 'flashVsPlain', 'cases');
    const rows = list(c, 'rows', 'cases.flashVsPlain').map((r, i) => {
      const w = `cases.flashVsPlain.rows[${i}]`;
      const row: BenchFlashRow = {
        N: num(r, 'N', w),
        flash: timing(r, 'flash', w),
        flashMemory: memory(r, 'flashMemory', w),
        plainPredictedBytes: num(r, 'plainPredictedBytes', w),
      };
      if (present(r, 'plain')) row.plain = timing(r, 'plain', w);
      if (present(r, 'plainMemory')) row.plainMemory = memory(r, 'plainMemory', w);
      if (present(r, 'ratio')) row.ratio = num(r, 'ratio', w);
      return row;
    });
    const s = field(c, 'summary', 'cases.flashVsPlain');
    const model = field(s, 'plainBytesModel', 'cases.flashVsPlain.summary');
    const w = 'cases.flashVsPlain.summary';
    const firstN = field(s, 'firstGridNPlainDoesNotFit', w);
    const atN = field(s, 'flashAtThatN', w);
    flashVsPlain = {
      rows,
      summary: {
        plainBytesModel: {
          perNsquared: num(model, 'perNsquared', `${w}.plainBytesModel`),
          perN: num(model, 'perN', `${w}.plainBytesModel`),
          constant: num(model, 'constant', `${w}.plainBytesModel`),
        },
        plainLargestNIn8GiB: num(s, 'plainLargestNIn8GiB', w),
        firstGridNPlainDoesNotFit: firstN === null ? null : num(s, 'firstGridNPlainDoesNotFit', w),
        flashAtThatN:
          atN === null
            ? null
            : { ms: num(atN, 'ms', `${w}.flashAtThatN`), rssPeak: num(atN, 'rssPeak', `${w}.flashAtThatN`) },
      },
    };
  }
  const orNull = (r: unknown, k: string, w: string) => (present(r, k) ? num(r, k, w) : null);
  const summary = list(json, 'summary', 'bench').map((r, i) => {
    const w = `summary[${i}]`;
    return {
      case: str(r, 'case', w),
      what: str(r, 'what', w),
      ours: orNull(r, 'ours', w),
      reference: orNull(r, 'reference', w),
      ratio: orNull(r, 'ratio', w),
      target: String(field(r, 'target', w)),
      met: String(field(r, 'met', w)),
    };
  });
  const tfjs = present(m, 'tfjs')
    ? {
        tfjs: str(field(m, 'tfjs', 'machine'), 'tfjs', 'machine.tfjs'),
        libtensorflow: str(field(m, 'tfjs', 'machine'), 'libtensorflow', 'machine.tfjs'),
      }
    : undefined;
  const python = present(m, 'python')
    ? {
        numpy: str(field(m, 'python', 'machine'), 'numpy', 'machine.python'),
        torch: str(field(m, 'python', 'machine'), 'torch', 'machine.python'),
      }
    : undefined;
  const loadAtStart = list(field(json, 'load', 'bench'), 'start', 'load').map((v, i) => {
    if (typeof v !== 'number') throw new InputError(`bench results: load.start[${i}] must be a number`);
    return v;
  });
  return {
    file,
    kind,
    date: str(json, 'date', 'bench'),
    quick: field(json, 'quick', 'bench') === true,
    machine: {
      cpu: str(m, 'cpu', 'machine'),
      cores: num(m, 'cores', 'machine'),
      memoryGiB: num(m, 'memoryGiB', 'machine'),
      tfjs,
      python,
    },
    loadAtStart,
    attention,
    attentionKernel,
    flashVsPlain,
    summary,
  };
}

/**
 * The benchmark results a notebook shows: `file` if given; else the user's own run
 * (reports/bench.json) when it exists; else the committed snapshot (bench/snapshot.json).
 */
export function loadBenchResults(file?: string): BenchResults {
  if (file !== undefined && (typeof file !== 'string' || file === ''))
    throw new InputError('loadBenchResults: file must be a path to a bench.json');
  const chosen = file ?? (fs.existsSync(BENCH_RUN_FILE) ? BENCH_RUN_FILE : BENCH_SNAPSHOT_FILE);
  if (!fs.existsSync(chosen))
    throw new InputError(
      `loadBenchResults: ${chosen} is missing; \`npm run bench\` writes reports/bench.json ` +
        '(and bench/snapshot.json with `-- --snapshot`)',
    );
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(chosen, 'utf8'));
  } catch (e) {
    throw new InputError(`loadBenchResults: ${chosen} is not valid JSON (${(e as Error).message})`);
  }
  const kind = path.resolve(chosen) === BENCH_SNAPSHOT_FILE ? 'snapshot' : 'your run';
  return parseBenchResults(json, path.relative(PROJECT_ROOT, path.resolve(chosen)), kind);
}
