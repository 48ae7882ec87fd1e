// Showing results in a notebook. A plotly figure goes out as ONE display_data
// carrying three renderings, and each front end picks the one it can draw:
//   application/vnd.plotly.v1+json  JupyterLab (the jupyterlab-plotly renderer)
//   text/html                       the HTML reports (plotly.js is put into the
//                                   page once by `npm run reports`)
//   text/plain                      terminals and logs
// tslab's public `display` sends one mime type per message, so the bundle goes
// through tslab's own writer (tslab is pinned exactly for this reason). The figures src/show
// builds also show themselves as a cell's last expression (`displayable`), with the same bundle.
import { tf } from '../core/backend';
import { InputError } from '../core/validate';

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
  if (typeof s !== 'string')
    throw new InputError(`escapeHtml: expected a string, got ${s === null ? 'null' : typeof s}`);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function checkFigure(fig: unknown): Figure {
  if (fig === null || typeof fig !== 'object' || !Array.isArray((fig as Figure).data))
    throw new InputError('showFigure: expected a plotly figure {data: [...], layout?: {...}}');
  // Plotly cannot draw tensors; catch them here rather than as a blank plot.
  JSON.stringify(fig, (_k, v) => {
    if (v instanceof tf.Tensor)
      throw new InputError('showFigure: the figure holds a tensor; convert it with .arraySync() first');
    return v;
  });
  return fig as Figure;
}

function figureTitle(fig: Figure): string {
  const t = fig.layout?.title as unknown;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string')
    return (t as { text: string }).text;
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

/** The method a value carries to show itself as a cell's last expression (Out[n]); kernels/display.cjs calls it. */
export const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/**
 * The figure, given a non-enumerable [Symbol.for('Jupyter.display')]() that returns the bundle
 * showFigure sends: a figure that is a cell's last expression shows itself. JSON.stringify,
 * Object.keys and spreads do not see the method, so the figure's JSON is unchanged (and a
 * spread copy is a plain figure again: the builders that copy one call this on the copy).
 */
export function displayable<F extends Figure>(fig: F): F {
  Object.defineProperty(fig, JUPYTER_DISPLAY, {
    value: () => figureBundle(fig).data,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return fig;
}

/** Shows a plotly figure in JupyterLab and in the HTML report. */
export function showFigure(fig: Figure): void {
  displayBundle(figureBundle(fig));
}

/** Shows Markdown computed in a cell (numbers beside the document's), escaped by the front end. */
export function showMarkdown(md: string): void {
  if (typeof md !== 'string') throw new InputError('showMarkdown: expected a string');
  displayBundle({ data: { 'text/markdown': md, 'text/plain': md }, metadata: {} });
}
