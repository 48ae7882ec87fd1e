// Showing results in a notebook. A plotly figure goes out as ONE display_data
// carrying three renderings, and each front end picks the one it can draw:
//   application/vnd.plotly.v1+json  JupyterLab (the jupyterlab-plotly renderer)
//   text/html                       the HTML reports (plotly.js is put into the
//                                   page once by `npm run reports`)
//   text/plain                      terminals and logs
// tslab's public `display` sends one mime type per message, so the bundle goes
// through tslab's own writer (tslab is pinned exactly for this reason).
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from './core/backend';
import { InputError } from './core/validate';

/** A plotly.js figure: traces, layout and optionally animation frames. */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  frames?: Array<Record<string, unknown>>;
  config?: Record<string, unknown>;
}

export interface MimeBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** The HTML element class that marks a plot; the report check counts these. */
export const PLOT_CLASS = 'attention-lab-plot';

let plotCount = 0;

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text made safe to put between HTML tags. */
export function escapeHtml(s: string): string {
  if (typeof s !== 'string') throw new InputError(`escapeHtml: expected a string, got ${s === null ? 'null' : typeof s}`);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function checkFigure(fig: unknown): Figure {
  if (fig === null || typeof fig !== 'object' || !Array.isArray((fig as Figure).data))
    throw new InputError('showFigure: expected a plotly figure {data: [...], layout?: {...}}');
  // Plotly cannot draw tensors; catch them here rather than as a blank plot.
  JSON.stringify(fig, (_k, v) => {
    if (v instanceof tf.Tensor) throw new InputError('showFigure: the figure holds a tensor; convert it with .arraySync() first');
    return v;
  });
  return fig as Figure;
}

function figureTitle(fig: Figure): string {
  const t = fig.layout?.title as unknown;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return 'untitled';
}

/** The three renderings of a figure. Element ids are numbered, so reports are reproducible. */
export function figureBundle(fig: Figure): MimeBundle {
  checkFigure(fig);
  plotCount += 1;
  const id = `${PLOT_CLASS}-${plotCount}`;
  const height = typeof fig.layout?.height === 'number' ? fig.layout.height : 450;
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  const full = { data: fig.data, layout: fig.layout ?? {}, frames: fig.frames ?? [], config };
  const html =
    `<div id="${id}" class="${PLOT_CLASS}" style="width:100%;height:${height}px;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var fig = ${scriptSafeJson(full)};\n` +
    `  var el = document.getElementById(${JSON.stringify(id)});\n` +
    `  if (!window.Plotly) { el.textContent = 'plotly.js is not on this page: open the report made by npm run reports, or this notebook in JupyterLab.'; return; }\n` +
    `  window.Plotly.newPlot(el, fig).then(function (gd) { if (fig.frames.length) window.Plotly.addFrames(gd, fig.frames); });\n` +
    `})();</script>`;
  const traces = fig.data.length;
  return {
    data: {
      'application/vnd.plotly.v1+json': { data: fig.data, layout: fig.layout ?? {}, frames: fig.frames ?? [], config },
      'text/html': html,
      'text/plain': `<plotly figure: ${figureTitle(fig)} (${traces} trace${traces === 1 ? '' : 's'})>`,
    },
    metadata: {},
  };
}

type Writer = (data: MimeBundle & { transient?: Record<string, unknown> }, update: boolean) => void;

function kernelWriter(): Writer | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('tslab/dist/jupyter') as { lastWriteDisplayData: Writer | null }).lastWriteDisplayData;
  } catch {
    return null;
  }
}

/** Sends a mime bundle to the notebook; outside a kernel, prints its text/plain. */
export function displayBundle(bundle: MimeBundle): void {
  if (bundle === null || typeof bundle !== 'object' || bundle.data === null || typeof bundle.data !== 'object')
    throw new InputError('displayBundle: expected a mime bundle {data: {mime type: content}, metadata: {...}}');
  const write = kernelWriter();
  if (write) write({ ...bundle, transient: {} }, false);
  else console.log(String(bundle.data['text/plain']));
}

/** Shows a plotly figure in JupyterLab and in the HTML report. */
export function showFigure(fig: Figure): void {
  displayBundle(figureBundle(fig));
}

function toRows(matrix: unknown): number[][] {
  if (matrix instanceof tf.Tensor) {
    const t = matrix as Tensor;
    if (t.rank !== 2) throw new InputError(`matrix table: expected a matrix (rank 2), got shape [${t.shape.join(', ')}]`);
    return t.arraySync() as number[][];
  }
  if (!Array.isArray(matrix) || matrix.length === 0 || !matrix.every((r) => Array.isArray(r)))
    throw new InputError('matrix table: expected a non-empty number[][] or a rank-2 tensor');
  const rows = matrix as unknown[][];
  rows.forEach((r, i) => {
    if (r.length !== rows[0].length) throw new InputError(`matrix table: row ${i} has ${r.length} values, row 0 has ${rows[0].length}`);
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
  const line = (first: string, rest: string[]) => [first.padEnd(w0), ...rest.map((c, j) => c.padStart(widths[j]))].join('  ');
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
    .map((r, i) => `<tr><th>${escapeHtml(rowLabels[i])}</th>${r.map((v) => `<td>${v.toFixed(digits)}</td>`).join('')}</tr>`)
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

/** Shows Markdown computed in a cell (numbers beside the document's), escaped by the front end. */
export function showMarkdown(md: string): void {
  if (typeof md !== 'string') throw new InputError('showMarkdown: expected a string');
  displayBundle({ data: { 'text/markdown': md, 'text/plain': md }, metadata: {} });
}

/** One line of "ours beside the document's". */
export interface ComparisonRow {
  what: string;
  /** What the document's text or printout says (as printed). */
  document?: string | number;
  /** What the document's own code gives, run offline (test/golden). */
  reference?: number;
  ours: number;
}

/** Shows our numbers beside the document's, with the difference from its code. */
export function showComparison(rows: ComparisonRow[], options: { digits?: number; tolerance?: number; title?: string } = {}): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputError('showComparison: expected at least one row');
  const { digits = 6, tolerance = 1e-5 } = options;
  const cells = rows.map((r) => {
    if (typeof r.ours !== 'number') throw new InputError(`showComparison: "${r.what}" has no number in ours`);
    const diff = r.reference === undefined ? undefined : Math.abs(r.ours - r.reference);
    return [
      r.what,
      r.document === undefined ? '-' : String(r.document),
      r.reference === undefined ? '-' : r.reference.toFixed(digits),
      r.ours.toFixed(digits),
      diff === undefined ? '-' : `${diff.toExponential(1)} ${diff <= tolerance ? '✓' : '✗'}`,
    ];
  });
  showTable(['', 'document says', "document's code", 'ours (tfjs-node)', '|ours − code|'], cells, options.title);
}

/**
 * Shows a table of strings (first column as row headers): aligned text for
 * text/plain, escaped HTML for notebooks and reports.
 */
export function showTable(head: string[], cells: string[][], title?: string): void {
  const strings = (r: unknown) => Array.isArray(r) && r.length === head.length && r.every((c) => typeof c === 'string');
  if (!Array.isArray(head) || head.length === 0 || !strings(head)) throw new InputError('showTable: head must be a non-empty array of strings');
  if (!Array.isArray(cells) || !cells.every(strings))
    throw new InputError(`showTable: every row must be an array of ${head.length} strings, like the head`);
  const widths = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  const text = [head, ...cells].map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ')).join('\n');
  const html =
    `<table class="attention-lab-table">${title ? `<caption>${escapeHtml(title)}</caption>` : ''}` +
    `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    cells.map((r) => `<tr>${r.map((c, j) => (j === 0 ? `<th>${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('') +
    `</tbody></table>`;
  displayBundle({ data: { 'text/html': html, 'text/plain': (title ? `${title}\n` : '') + text }, metadata: {} });
}
