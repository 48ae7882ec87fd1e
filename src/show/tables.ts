// Tables in a notebook: a labelled matrix (showMatrix, as aligned text and as HTML),
// a table of strings (showTable), our numbers beside the document's (showComparison:
// single numbers) and whole matrices beside the reference (showDifferences: one line
// per matrix with its shape, its largest entry and the largest difference). Each goes
// out as one display_data with text/html and text/plain (displayBundle, display.ts).
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError, toTensor } from '../core/validate';
import { MismatchError } from './checks';
import { displayBundle, escapeHtml } from './display';

function toRows(matrix: unknown): number[][] {
  if (matrix instanceof tf.Tensor) {
    const t = matrix as Tensor;
    if (t.rank !== 2)
      throw new InputError(`matrix table: expected a matrix (rank 2), got shape [${t.shape.join(', ')}]`);
    return t.arraySync() as number[][];
  }
  if (!Array.isArray(matrix) || matrix.length === 0 || !matrix.every((r) => Array.isArray(r)))
    throw new InputError('matrix table: expected a non-empty number[][] or a rank-2 tensor');
  const rows = matrix as unknown[][];
  rows.forEach((r, i) => {
    if (r.length !== rows[0].length)
      throw new InputError(`matrix table: row ${i} has ${r.length} values, row 0 has ${rows[0].length}`);
    r.forEach((v, j) => {
      if (typeof v !== 'number') throw new InputError(`matrix table: element [${i}][${j}] is not a number`);
    });
  });
  return rows as number[][];
}

export interface TableOptions {
  rowLabels?: string[];
  colLabels?: string[];
  /** Digits after the decimal point. Default 4. */
  digits?: number;
  title?: string;
}

/** A labelled matrix as aligned text: what gets printed, and the text/plain of the table. */
export function formatMatrix(matrix: number[][] | Tensor, options: TableOptions = {}): string {
  const rows = toRows(matrix);
  const { digits = 4 } = options;
  const rowLabels = options.rowLabels ?? rows.map((_, i) => String(i));
  const colLabels = options.colLabels ?? rows[0].map((_, j) => String(j));
  if (rowLabels.length !== rows.length)
    throw new InputError(`matrix table: ${rowLabels.length} row labels for ${rows.length} rows`);
  if (colLabels.length !== rows[0].length)
    throw new InputError(`matrix table: ${colLabels.length} column labels for ${rows[0].length} columns`);
  const cells = rows.map((r) => r.map((v) => v.toFixed(digits)));
  const w0 = Math.max(...rowLabels.map((l) => l.length), 0);
  const widths = colLabels.map((l, j) => Math.max(l.length, ...cells.map((r) => r[j].length)));
  const line = (first: string, rest: string[]) =>
    [first.padEnd(w0), ...rest.map((c, j) => c.padStart(widths[j]))].join('  ');
  const out = [line('', colLabels), ...cells.map((r, i) => line(rowLabels[i], r))];
  return (options.title ? `${options.title}\n` : '') + out.join('\n');
}

/** The same table as HTML (escaped), for the notebook and report. */
export function matrixTableHtml(matrix: number[][] | Tensor, options: TableOptions = {}): string {
  const rows = toRows(matrix);
  const { digits = 4 } = options;
  const rowLabels = options.rowLabels ?? rows.map((_, i) => String(i));
  const colLabels = options.colLabels ?? rows[0].map((_, j) => String(j));
  formatMatrix(rows, options); // same label checks
  const head = `<tr><th></th>${colLabels.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r, i) =>
        `<tr><th>${escapeHtml(rowLabels[i])}</th>${r.map((v) => `<td>${v.toFixed(digits)}</td>`).join('')}</tr>`,
    )
    .join('');
  const caption = options.title ? `<caption>${escapeHtml(options.title)}</caption>` : '';
  return `<table class="attention-lab-table">${caption}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Shows a labelled matrix as a table (HTML in notebooks and reports, text elsewhere). */
export function showMatrix(matrix: number[][] | Tensor, options: TableOptions = {}): void {
  displayBundle({
    data: { 'text/html': matrixTableHtml(matrix, options), 'text/plain': formatMatrix(matrix, options) },
    metadata: {},
  });
}

/** One line of "ours beside the document's". */
export interface ComparisonRow {
  what: string;
  /** What the document's text or printout says (as printed). */
  document?: string | number;
  /** What the document's own code gives, run offline (test/golden). */
  reference?: number;
  ours: number;
  /** This row is expected to differ from its reference, and why (shown in the table); it does not fail. */
  expectedToDiffer?: string;
}

function verdict(diff: number, tolerance: number, expectedToDiffer: string | undefined): string {
  if (expectedToDiffer !== undefined) return `≠ expected: ${expectedToDiffer}`;
  return diff <= tolerance ? '✓' : '✗';
}

function needTolerance(fn: string, tolerance: unknown): number {
  if (typeof tolerance !== 'number' || !(tolerance >= 0))
    throw new InputError(`${fn}: tolerance must be a number ≥ 0, got ${String(tolerance)}`);
  return tolerance;
}

function needReason(fn: string, what: string, reason: unknown): void {
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === ''))
    throw new InputError(`${fn}: "${what}" expectedToDiffer must say why, as a non-empty string`);
}

/**
 * Shows our numbers beside the document's, with the difference from its code; then throws a
 * MismatchError naming every row whose |ours − reference| exceeds the tolerance (default
 * 1e-5), unless the row says why it is expected to differ. NaN never passes.
 */
export function showComparison(
  rows: ComparisonRow[],
  options: { digits?: number; tolerance?: number; title?: string } = {},
): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputError('showComparison: expected at least one row');
  const { digits = 6 } = options;
  const tolerance = needTolerance('showComparison', options.tolerance ?? 1e-5);
  const failures: string[] = [];
  const cells = rows.map((r) => {
    if (typeof r.ours !== 'number') throw new InputError(`showComparison: "${r.what}" has no number in ours`);
    if (r.reference !== undefined && typeof r.reference !== 'number')
      throw new InputError(`showComparison: "${r.what}" has a reference that is not a number`);
    needReason('showComparison', r.what, r.expectedToDiffer);
    const diff = r.reference === undefined ? undefined : Math.abs(r.ours - r.reference);
    if (diff !== undefined && !(diff <= tolerance) && r.expectedToDiffer === undefined)
      failures.push(
        `row "${r.what}": ours ${r.ours}, reference ${r.reference}, |ours − reference| = ${diff.toExponential(2)} > tolerance ${tolerance}`,
      );
    return [
      r.what,
      r.document === undefined ? '-' : String(r.document),
      r.reference === undefined ? '-' : r.reference.toFixed(digits),
      r.ours.toFixed(digits),
      diff === undefined ? '-' : `${diff.toExponential(1)} ${verdict(diff, tolerance, r.expectedToDiffer)}`,
    ];
  });
  showTable(['', 'document says', "document's code", 'ours (tfjs-node)', '|ours − code|'], cells, options.title);
  if (failures.length) throw new MismatchError(`showComparison "${options.title ?? 'untitled'}"`, failures);
}

/**
 * Shows a table of strings (first column as row headers): aligned text for
 * text/plain, escaped HTML for notebooks and reports.
 */
export function showTable(head: string[], cells: string[][], title?: string): void {
  const strings = (r: unknown) => Array.isArray(r) && r.length === head.length && r.every((c) => typeof c === 'string');
  if (!Array.isArray(head) || head.length === 0 || !strings(head))
    throw new InputError('showTable: head must be a non-empty array of strings');
  if (!Array.isArray(cells) || !cells.every(strings))
    throw new InputError(`showTable: every row must be an array of ${head.length} strings, like the head`);
  const widths = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  const text = [head, ...cells]
    .map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '))
    .join('\n');
  const html =
    `<table class="attention-lab-table">${title ? `<caption>${escapeHtml(title)}</caption>` : ''}` +
    `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    cells
      .map(
        (r) =>
          `<tr>${r.map((c, j) => (j === 0 ? `<th>${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
      )
      .join('') +
    `</tbody></table>`;
  displayBundle({ data: { 'text/html': html, 'text/plain': (title ? `${title}\n` : '') + text }, metadata: {} });
}

type Numbers = Tensor | number[] | number[][] | number[][][] | number[][][][];

/** max |ours - reference| over all entries; the shapes must be equal. */
export function maxAbsDiff(ours: Numbers, reference: Numbers): number {
  return tf.tidy(() => {
    const a = toTensor(ours, 'maxAbsDiff ours');
    const b = toTensor(reference, 'maxAbsDiff reference');
    if (a.shape.join(',') !== b.shape.join(','))
      throw new InputError(
        `maxAbsDiff: shapes differ, ours [${a.shape.join(', ')}] and reference [${b.shape.join(', ')}]`,
      );
    return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  });
}

export interface DifferenceRow {
  what: string;
  ours: Numbers;
  reference: Numbers;
  /** This row is expected to differ from its reference, and why (shown in the table); it does not fail. */
  expectedToDiffer?: string;
}

/**
 * Shows, per matrix: shape, largest |reference| entry, max |ours - reference|, and whether it
 * is within tolerance (default 1e-5); then throws a MismatchError naming every row outside it.
 */
export function showDifferences(
  rows: DifferenceRow[],
  options: { title?: string; tolerance?: number; against?: string } = {},
): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputError('showDifferences: expected at least one row');
  const { against = 'reference' } = options;
  const tolerance = needTolerance('showDifferences', options.tolerance ?? 1e-5);
  const failures: string[] = [];
  const cells = rows.map((r) => {
    needReason('showDifferences', r.what, r.expectedToDiffer);
    const diff = maxAbsDiff(r.ours, r.reference);
    const [shape, largest] = tf.tidy(() => {
      const t = toTensor(r.reference, `showDifferences "${r.what}"`);
      return [t.shape.join(' × '), tf.max(tf.abs(t)).dataSync()[0]];
    });
    if (!(diff <= tolerance) && r.expectedToDiffer === undefined)
      failures.push(`row "${r.what}": max |ours − ${against}| = ${diff.toExponential(2)} > tolerance ${tolerance}`);
    return [
      r.what,
      String(shape),
      (largest as number).toPrecision(4),
      `${diff.toExponential(1)} ${verdict(diff, tolerance, r.expectedToDiffer)}`,
    ];
  });
  showTable(['', 'shape', `largest |${against}|`, `max |ours − ${against}|`], cells, options.title);
  if (failures.length) throw new MismatchError(`showDifferences "${options.title ?? 'untitled'}"`, failures);
}
