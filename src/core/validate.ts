// Input checks shared by every public function. Notebook code is untyped in
// practice, so each check names the argument and what was wrong with it.
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from './backend';

export type Vector = number[] | Float32Array | Float64Array;
export type Matrix = number[][];
/** What public functions accept: plain arrays at the edges, tensors inside. */
export type VectorLike = Vector | Tensor1D;
export type MatrixLike = Matrix | Tensor2D;

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (x instanceof tf.Tensor) return `a tensor of shape [${x.shape.join(', ')}]`;
  return typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : `${typeof x} ${String(x)}`;
}

function checkNumber(v: unknown, name: string, where: string): number {
  if (typeof v !== 'number') throw new InputError(`${name}: ${where} is ${describe(v)}, expected a number`);
  if (Number.isNaN(v)) throw new InputError(`${name}: ${where} is NaN`);
  if (!Number.isFinite(v)) throw new InputError(`${name}: ${where} is ${v}, expected a finite number`);
  return v;
}

/** Throws unless every value of a tensor is finite (one reduction on the backend). */
export function checkFinite(t: Tensor, name: string): void {
  if (t.dtype === 'bool' || t.dtype === 'string') return;
  const ok = tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0]);
  if (!ok) throw new InputError(`${name}: contains NaN or Infinity`);
}

/** A plain array of numbers or a rank-1 tensor, as a new rank-1 float32 tensor. */
export function toVector(x: unknown, name = 'vector'): Tensor1D {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 1) throw new InputError(`${name}: expected a vector (rank 1), got ${describe(x)}`);
    if (x.size === 0) throw new InputError(`${name}: is empty`);
    checkFinite(x, name);
    return tf.cast(x, 'float32') as Tensor1D;
  }
  const isTyped = x instanceof Float32Array || x instanceof Float64Array;
  if (!Array.isArray(x) && !isTyped) throw new InputError(`${name}: expected an array of numbers, got ${describe(x)}`);
  const arr = Array.from(x as ArrayLike<unknown>);
  if (arr.length === 0) throw new InputError(`${name}: is empty`);
  arr.forEach((v, i) => checkNumber(v, name, `element ${i}`));
  return tf.tensor1d(arr as number[], 'float32');
}

/**
 * A rectangular number[][] or a rank-2 tensor, as a new rank-2 float32 tensor.
 * `checkValues: false` skips the NaN/Infinity pass over a tensor's values, for
 * callers that detect them more cheaply from a result (see maths/search.ts).
 */
export function toMatrix(x: unknown, name = 'matrix', checkValues = true): Tensor2D {
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) throw new InputError(`${name}: expected a matrix (rank 2), got ${describe(x)}`);
    if (x.size === 0) throw new InputError(`${name}: is empty (shape [${x.shape.join(', ')}])`);
    if (checkValues) checkFinite(x, name);
    return tf.cast(x, 'float32') as Tensor2D;
  }
  if (!Array.isArray(x)) throw new InputError(`${name}: expected an array of rows, got ${describe(x)}`);
  if (x.length === 0) throw new InputError(`${name}: is empty (no rows)`);
  const width =
    Array.isArray(x[0]) || x[0] instanceof Float32Array || x[0] instanceof Float64Array
      ? (x[0] as ArrayLike<unknown>).length
      : -1;
  x.forEach((row, i) => {
    const isRow = Array.isArray(row) || row instanceof Float32Array || row instanceof Float64Array;
    if (!isRow) throw new InputError(`${name}: row ${i} is ${describe(row)}, expected an array of numbers`);
    if ((row as ArrayLike<unknown>).length !== width)
      throw new InputError(
        `${name}: rows have different lengths (row 0 has ${width}, row ${i} has ${(row as ArrayLike<unknown>).length})`,
      );
    Array.from(row as ArrayLike<unknown>).forEach((v, j) => checkNumber(v, name, `element [${i}][${j}]`));
  });
  if (width === 0) throw new InputError(`${name}: rows are empty (0 columns)`);
  return tf.tensor2d(
    x.map((r) => Array.from(r as ArrayLike<number>)),
    undefined,
    'float32',
  );
}

/** A tensor of any rank with at least one element and only finite values. */
export function toTensor(x: unknown, name = 'tensor', rank?: number): Tensor {
  if (x instanceof tf.Tensor) {
    if (rank !== undefined && x.rank !== rank)
      throw new InputError(`${name}: expected rank ${rank}, got ${describe(x)}`);
    if (x.size === 0) throw new InputError(`${name}: is empty (shape [${x.shape.join(', ')}])`);
    checkFinite(x, name);
    return tf.cast(x, 'float32');
  }
  if (rank === 1) return toVector(x, name);
  if (rank === 2) return toMatrix(x, name);
  if (!Array.isArray(x))
    throw new InputError(`${name}: expected a tensor or nested arrays of numbers, got ${describe(x)}`);
  const { shape, values } = flatten(x, name);
  if (rank !== undefined && shape.length !== rank)
    throw new InputError(
      `${name}: expected rank ${rank}, got nested arrays of rank ${shape.length} (shape [${shape.join(', ')}])`,
    );
  if (values.length === 0) throw new InputError(`${name}: is empty (shape [${shape.join(', ')}])`);
  return tf.tensor(values, shape, 'float32');
}

/** Shape and values of nested arrays, checking they are rectangular and all finite numbers. */
function flatten(x: unknown[], name: string): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  for (let level: unknown = x; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const values: number[] = [];
  const walk = (node: unknown, depth: number, where: number[]) => {
    if (depth === shape.length) {
      values.push(checkNumber(node, name, `element [${where.join('][')}]`));
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth])
      throw new InputError(
        `${name}: not a rectangular array: at [${where.join('][')}] expected ${shape[depth]} entries, got ${describe(node)}`,
      );
    node.forEach((child, i) => walk(child, depth + 1, [...where, i]));
  };
  walk(x, 0, []);
  return { shape, values };
}

export function checkPositive(v: unknown, name: string): number {
  const n = checkNumber(v, name, 'value');
  if (n <= 0) throw new InputError(`${name}: must be > 0, got ${n}`);
  return n;
}

export function checkInteger(v: unknown, name: string, min = 1): number {
  const n = checkNumber(v, name, 'value');
  if (!Number.isInteger(n) || n < min) throw new InputError(`${name}: must be an integer >= ${min}, got ${n}`);
  return n;
}
