// What a value looks like as a Jupyter MIME bundle (execute_result, display()).
//  - A value with a method [Symbol.for('Jupyter.display')]() gives its own bundle (Deno's
//    convention); the project's figures carry one (src/show).
//  - A tfjs tensor: text/plain like PyTorch's repr, `tensor([[1.5, 2.0], [3.0, 4.0]],
//    shape=[2, 2], dtype=float32)`, summarised with `...` past 1,000 values (numpy's
//    threshold, 3 edge items); rank 1 and 2 also as an HTML table. Reads the values, never
//    makes a tensor, so nothing leaks.
//  - Anything else: util.inspect, as Node's REPL shows it.
'use strict';

const util = require('node:util');

const DISPLAY = Symbol.for('Jupyter.display');
const THRESHOLD = 1000;
const EDGE = 3;
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/i;

class DisplayError extends Error {
  constructor(message) {
    super(message);
    this.name = 'DisplayError';
  }
}

function isTensor(v) {
  return (
    v !== null &&
    typeof v === 'object' &&
    Array.isArray(v.shape) &&
    typeof v.dtype === 'string' &&
    typeof v.dataSync === 'function' &&
    typeof v.rank === 'number' &&
    'isDisposed' in v
  );
}

/** A float32 value in the fewest digits that read back as the same float32 (numpy's repr). */
function formatFloat(x, dtype) {
  if (Number.isNaN(x)) return 'nan';
  if (Object.is(x, -0)) return '-0.0';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  let s = String(x);
  if (dtype === 'float32') {
    for (let p = 1; p <= 9; p++) {
      const t = x.toPrecision(p);
      if (Math.fround(Number(t)) === x) {
        s = String(Number(t));
        break;
      }
    }
  }
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** The value at flat index `i` of a tensor's data (complex64 data holds re, im pairs). */
function formatValue(values, i, dtype) {
  if (dtype === 'complex64') {
    const re = formatFloat(values[2 * i], 'float32');
    const im = values[2 * i + 1];
    return `${re}${im < 0 || Object.is(im, -0) ? '-' : '+'}${formatFloat(Math.abs(im), 'float32')}j`;
  }
  const x = values[i];
  if (dtype === 'bool') return x ? 'true' : 'false';
  if (dtype === 'int32') return String(x);
  if (dtype === 'string') return JSON.stringify(x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : String(x));
  return formatFloat(x, dtype);
}

/** Indices shown along an axis of length n: all, or the first and last EDGE with a gap. */
function shownIndices(n, summarise) {
  if (!summarise || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, null, n - 3, n - 2, n - 1];
}

function strides(shape) {
  const s = new Array(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** text/plain of a tensor, nested lists aligned in columns as numpy and PyTorch print them. */
function tensorText(t, values = t.isDisposed ? null : t.dataSync()) {
  const head = `shape=[${t.shape.join(', ')}], dtype=${t.dtype}`;
  if (t.isDisposed) return `tensor(<disposed>, ${head})`;
  const size = t.size;
  if (size === 0) return `tensor([], ${head})`;
  const summarise = size > THRESHOLD;
  const st = strides(t.shape);
  const cells = new Map();
  // Format every shown value first, to align them.
  const walk = (axis, offset) => {
    if (axis === t.shape.length) {
      cells.set(offset, formatValue(values, offset, t.dtype));
      return;
    }
    for (const i of shownIndices(t.shape[axis], summarise)) if (i !== null) walk(axis + 1, offset + i * st[axis]);
  };
  walk(0, 0);
  const width = Math.max(0, ...[...cells.values()].map((s) => s.length));
  const prefix = 'tensor(';
  const render = (axis, offset, indent) => {
    if (axis === t.shape.length) return cells.get(offset).padStart(width);
    const parts = shownIndices(t.shape[axis], summarise).map((i) =>
      i === null ? '...' : render(axis + 1, offset + i * st[axis], indent + 1),
    );
    const last = axis === t.shape.length - 1;
    const sep = last ? ', ' : `,${'\n'.repeat(t.shape.length - axis - 1)}${' '.repeat(prefix.length + indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = t.rank === 0 ? formatValue(values, 0, t.dtype) : render(0, 0, 0);
  return `${prefix}${body}, ${head})`;
}

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** text/html of a rank-1 or rank-2 tensor: a table (summarised like the text). */
function tensorHtml(t, values) {
  if (t.isDisposed || (t.rank !== 1 && t.rank !== 2) || t.size === 0) return null;
  const [rows, cols] = t.rank === 1 ? [1, t.shape[0]] : t.shape;
  const summarise = t.size > THRESHOLD;
  const cell = (r, c) => (r === null || c === null ? '…' : escapeHtml(formatValue(values, r * cols + c, t.dtype)));
  const body = shownIndices(rows, summarise)
    .map(
      (r) =>
        `<tr>${shownIndices(cols, summarise)
          .map((c) => `<td>${cell(r, c)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="attention-lab-tensor"><caption>tensor, shape [${t.shape.join(', ')}], ${t.dtype}</caption><tbody>${body}</tbody></table>`;
}

/** Throws a DisplayError unless `bundle` is {mime: data, ...} with at least one entry. */
function checkBundle(bundle, source) {
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle))
    throw new DisplayError(`${source} returned ${util.inspect(bundle)}, not a MIME bundle ({ 'text/plain': '...' })`);
  const keys = Object.keys(bundle);
  if (keys.length === 0) throw new DisplayError(`${source} returned an empty MIME bundle`);
  for (const k of keys) {
    if (!MIME.test(k))
      throw new DisplayError(`${source} returned a bundle with ${JSON.stringify(k)}, which is not a MIME type`);
    const v = bundle[k];
    const json = /json$/.test(k);
    if (!json && typeof v !== 'string')
      throw new DisplayError(`${source} returned ${k} as ${typeof v}; it must be a string`);
    if (json) {
      try {
        JSON.stringify(v);
      } catch (e) {
        throw new DisplayError(`${source} returned ${k} that is not JSON: ${e.message}`);
      }
    }
  }
  return bundle;
}

/** The MIME bundle for a value; throws DisplayError when the value cannot be shown. */
function mimeBundle(value) {
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    let method;
    try {
      method = value[DISPLAY];
    } catch (e) {
      throw new DisplayError(`cannot display the value: reading its display method failed: ${e?.message ?? e}`);
    }
    if (typeof method === 'function') {
      let bundle;
      try {
        bundle = method.call(value);
      } catch (e) {
        throw new DisplayError(`the value's [Symbol.for('Jupyter.display')]() threw: ${e?.message ?? e}`);
      }
      return checkBundle(bundle, "[Symbol.for('Jupyter.display')]()");
    }
    if (isTensor(value)) {
      // The values are read once (a copy of the data; reading only the shown edges would
      // need new tensors).
      const values = value.isDisposed ? null : value.dataSync();
      const bundle = { 'text/plain': tensorText(value, values) };
      const html = tensorHtml(value, values);
      if (html) bundle['text/html'] = html;
      return bundle;
    }
  }
  try {
    return {
      'text/plain': util.inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 }),
    };
  } catch (e) {
    throw new DisplayError(`cannot display the value: ${e?.message ?? e}`);
  }
}

module.exports = { mimeBundle, tensorText, DisplayError, DISPLAY };
