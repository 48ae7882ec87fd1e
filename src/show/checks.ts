// Checks a notebook shows, and that fail the run when they do not hold: a claim that is
// false, two results that should be identical and are not, a number typed into the prose
// that the cells do not give, tensors left allocated. Each prints one ✓ line when it holds
// and throws a MismatchError naming what failed when it does not, so the cell fails and
// `npm run reports` names the notebook, the cell and the row (nbdev's "notebooks are tests").
// showComparison and showDifferences (tables.ts) throw the same error after their table.
import { isDeepStrictEqual } from 'node:util';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';

/** What a failed check throws: the message names each failing row, its value and its reference. */
export class MismatchError extends Error {
  /** One line per failing row. */
  readonly rows: string[];
  constructor(what: string, rows: string[]) {
    super(`${what}: ${rows.length === 1 ? rows[0] : `${rows.length} rows fail:\n  ${rows.join('\n  ')}`}`);
    this.name = 'MismatchError';
    this.rows = rows;
  }
}

function needText(fn: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InputError(`${fn}: ${name} must be a non-empty string describing the check`);
}

/** A claim the notebook makes: prints "✓ what" when it holds, throws a MismatchError when not. */
export function check(what: string, holds: boolean, detail?: string): void {
  needText('check', 'what', what);
  if (typeof holds !== 'boolean') throw new InputError(`check "${what}": holds must be a boolean, got ${typeof holds}`);
  if (!holds) throw new MismatchError('check failed', [`${what}${detail ? ` (${detail})` : ''}`]);
  console.log(`✓ ${what}${detail ? ` (${detail})` : ''}`);
}

function shortJson(value: unknown, max = 200): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Ours must equal the reference exactly (strings, ids, arrays, booleans): deep strict equality. */
export function checkEqual(what: string, ours: unknown, reference: unknown, source = 'the reference'): void {
  needText('checkEqual', 'what', what);
  if (!isDeepStrictEqual(ours, reference)) {
    let where = '';
    if (typeof ours === 'string' && typeof reference === 'string') {
      let i = 0;
      while (i < ours.length && ours[i] === reference[i]) i++;
      where = `; first difference at character ${i}`;
    }
    throw new MismatchError('checkEqual failed', [
      `${what}: ours ${shortJson(ours)} differs from ${source} ${shortJson(reference)}${where}`,
    ]);
  }
  console.log(`✓ ${what}: identical to ${source}`);
}

/** A number as the prose writes it: "0.77", "43,425", "−0.5", "54". */
function parseStated(text: string): { value: number; decimals: number } | null {
  const t = text
    .trim()
    .replace(/[,\u202f\u2009 ]/g, '')
    .replace(/^[−–]/, '-');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return { value: Number(t), decimals: t.includes('.') ? t.split('.')[1].length : 0 };
}

export interface StatedNumber {
  /** The number exactly as the markdown states it, e.g. '0.77' or '43,425'. */
  says: string;
  /** What the cells computed. */
  value: number;
  /**
   * "about": a relative tolerance (0.05 = within 5 %). Without it, the value rounded to the
   * digits of `says` must equal it.
   */
  about?: number;
}

/**
 * The numbers a markdown cell states, asserted against what the cells computed: each must
 * round to the text as written (or lie within `about`). Prints one line; throws on any miss.
 */
export function checkProse(numbers: StatedNumber[]): void {
  if (!Array.isArray(numbers) || numbers.length === 0)
    throw new InputError('checkProse: expected at least one { says, value }');
  const misses: string[] = [];
  for (const n of numbers) {
    needText('checkProse', 'says', n?.says);
    const stated = parseStated(n.says);
    if (!stated)
      throw new InputError(`checkProse: "${n.says}" is not a number as prose writes one (e.g. 0.77, 43,425)`);
    if (typeof n.value !== 'number' || !Number.isFinite(n.value))
      throw new InputError(`checkProse: the value for "${n.says}" must be a finite number, got ${n.value}`);
    if (n.about !== undefined) {
      if (!(n.about > 0 && n.about < 1)) throw new InputError(`checkProse: about must be in (0, 1), got ${n.about}`);
      if (Math.abs(n.value - stated.value) > n.about * Math.abs(stated.value))
        misses.push(`the text says about ${n.says}, the cells give ${n.value} (more than ${100 * n.about} % away)`);
    } else if (Number(n.value.toFixed(stated.decimals)) !== stated.value) {
      misses.push(`the text says ${n.says}, the cells give ${n.value} (${n.value.toFixed(stated.decimals)})`);
    }
  }
  if (misses.length) throw new MismatchError('a number in the prose differs from the cells', misses);
  console.log(`✓ the numbers the text states are the cells': ${numbers.map((n) => n.says).join(', ')}`);
}

/** The last cell of a notebook: tfjs' tensor count must be back where it was at the start. */
export function checkTensorsFreed(atStart: number): void {
  if (!Number.isInteger(atStart) || atStart < 0)
    throw new InputError(`checkTensorsFreed: atStart must be the tensor count read at the start, got ${atStart}`);
  const now = tf.memory().numTensors;
  if (now !== atStart)
    throw new MismatchError('tensors leaked', [
      `${now} tensors allocated, ${atStart} at the start: ${now - atStart} ${now > atStart ? 'not disposed' : 'disposed that this notebook did not make'}`,
    ]);
  console.log(`✓ tensors allocated: ${now}, as at the start`);
}
