// Errors as a person reads them: {ename, evalue, traceback} with the cell and the line of the
// TypeScript they wrote (`Cell In[7], line 3`), frames in src/ as `src/<file>.ts:<line>`,
// and the kernel's and Node's own frames left out.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { through, lookup, parseMap } = require('./sourcemap.cjs');

const ROOT = path.resolve(__dirname, '..');
const CELL = /^Cell In\[(\d+)\]$/;
// The frames of this kernel, of tslab, and of Node itself.
const INTERNAL = /^node:|[\\/]node_modules[\\/]tslab[\\/]|[\\/]kernels[\\/][^\\/]+\.cjs$|^evalmachine\.<anonymous>$/;
// The wrapper around a cell's code on its first line (execute.cjs).
const WRAPPER_PREFIX = '(function (exports, require) { '.length;
const ASYNC_WRAPPER_PREFIX = '(async function (exports, require) { '.length;

let srcReal;
function srcRealpath() {
  if (srcReal === undefined) {
    try {
      srcReal = fs.realpathSync(path.join(ROOT, 'src'));
    } catch {
      srcReal = null;
    }
  }
  return srcReal;
}

/** The file name of a cell's code in stack frames; `stored: false` keeps it apart from the cell's map. */
const cellFileName = (count, stored = true) => (stored ? `Cell In[${count}]` : `Cell In[${count}] (not stored)`);

/** `src/attention/flash.ts` for a file of the project's src/ (through notebooks/src or not). */
function projectPath(file) {
  for (const base of [path.join(ROOT, 'notebooks', 'src'), path.join(ROOT, 'src'), srcRealpath()]) {
    if (base && file.startsWith(base + path.sep)) return `src/${path.relative(base, file).split(path.sep).join('/')}`;
  }
  return file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file) : file;
}

/** One V8 frame ("    at fn (file:line:col)") as the person's line, or null to leave it out. */
function frameLine(frame, maps, sources) {
  const m = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/.exec(frame);
  if (!m) return /^\s*at /.test(frame) && !/node:|tslab|kernels[\\/]/.test(frame) ? { text: frame.trim() } : null;
  const [, fn, file, lineText, colText] = m;
  const line = Number(lineText);
  const col = Number(colText);
  const cell = CELL.exec(file);
  if (cell) {
    const count = Number(cell[1]);
    const info = maps?.get(count);
    if (!info?.maps) return { text: `at Cell In[${count}]` }; // no source map: no line
    const where = cellLine(info, line, col);
    if (!where) return null; // the wrapper around the cell's code (execute.cjs)
    const source = info.code.split('\n')[where - 1];
    const named = fn && fn !== 'Object.<anonymous>' && !/^(async )?(exports|require)$/.test(fn);
    return {
      text: named ? `at ${fn} (Cell In[${count}], line ${where})` : `at Cell In[${count}], line ${where}`,
      code: source?.trim(),
    };
  }
  if (INTERNAL.test(file)) return null;
  const mapped = moduleLine(file, line, col, sources);
  const where = mapped
    ? `${projectPath(mapped.file)}:${mapped.line}:${mapped.column}`
    : `${projectPath(file)}:${line}:${col}`;
  return { text: fn ? `at ${fn} (${where})` : `at ${where}` };
}

// Modules the cells import (src/): `sources(file)` gives the source map of the module's
// JavaScript (compile-cache.cjs makes it when asked), so only a traceback pays for it.
function moduleLine(file, line, col, sources) {
  let parsed = null;
  try {
    const map = sources?.(file);
    parsed = map ? parseMap(map) : null;
  } catch {
    parsed = null;
  }
  const pos = parsed && lookup(parsed, line - 1, col - 1);
  if (!pos) return null;
  return { file: file.replace(/\.js$/, '.ts'), line: pos.line + 1, column: pos.column + 1 };
}

/** The line (1-based) of the cell's TypeScript for a position in its compiled JavaScript. */
function cellLine(info, line, col) {
  if (!info.maps) return null;
  let column = col - 1;
  if (line === 1) column -= info.async ? ASYNC_WRAPPER_PREFIX : WRAPPER_PREFIX;
  const pos = through(info.maps, line - 1, Math.max(0, column));
  if (!pos) return null;
  const cellLineNo = pos.line - info.lineOffset + 1;
  return cellLineNo >= 1 ? cellLineNo : null;
}

function traceback(head, stack, maps, sources) {
  const frames = String(stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((l) => frameLine(l, maps, sources))
    .filter(Boolean);
  const lines = [head];
  for (const f of frames) {
    lines.push(`    ${f.text}`);
    if (f.code) lines.push(`        ${f.code}`);
  }
  return lines;
}

function isInterrupt(e) {
  return (
    e instanceof Error &&
    (e.interrupted === true || /Script execution was interrupted|Interrupted asynchronously/.test(e.message))
  );
}

/** {ename, evalue, traceback} for anything thrown: Errors, strings, other values. */
function describe(e, { maps, sources } = {}) {
  if (isInterrupt(e))
    return {
      ename: 'Interrupted',
      evalue: 'the kernel was interrupted (SIGINT) while this cell ran',
      traceback: ['Interrupted: the kernel was interrupted (SIGINT) while this cell ran'],
    };
  let isError = false;
  try {
    isError =
      e instanceof Error || (e !== null && typeof e === 'object' && typeof e.stack === 'string' && 'message' in e);
  } catch {
    isError = false; // a revoked proxy
  }
  if (isError) {
    const ename = String(e.name || e.constructor?.name || 'Error');
    const evalue = String(e.message);
    return { ename, evalue, traceback: traceback(`${ename}: ${evalue}`, e.stack, maps, sources) };
  }
  let evalue;
  try {
    evalue = typeof e === 'string' ? e : util.inspect(e);
  } catch {
    evalue = '(a value that cannot be shown)';
  }
  return { ename: 'Uncaught', evalue, traceback: [`Uncaught ${evalue}`] };
}

/** TypeScript diagnostics of a cell: the line, the code with a caret, the message. */
function diagnostics(diags, code) {
  const lines = code.split('\n');
  const tb = [`TypeScript error${diags.length > 1 ? 's' : ''}:`];
  for (const d of diags) {
    const line = d.start.line + 1;
    const col = d.start.character + 1;
    if (d.fileName) {
      tb.push(`${projectPath(path.resolve(ROOT, 'notebooks', d.fileName))}:${line}:${col} - ${d.messageText}`);
      continue;
    }
    const text = lines[d.start.line] ?? '';
    const width = d.end && d.end.line === d.start.line ? Math.max(1, d.end.character - d.start.character) : 1;
    tb.push(
      `line ${line}, column ${col}:`,
      `    ${text}`,
      `    ${' '.repeat(d.start.character)}${'^'.repeat(width)}`,
      `    ${d.messageText}`,
    );
  }
  const first = diags[0];
  const where = first.fileName
    ? `${first.fileName} line ${first.start.line + 1}`
    : `line ${first.start.line + 1}, column ${first.start.character + 1}`;
  return {
    ename: 'TSError',
    evalue: `${first.messageText} (${where})${diags.length > 1 ? ` and ${diags.length - 1} more` : ''}`,
    traceback: tb,
  };
}

/** An error that surfaced after its cell ended: a rejection nobody handled, a throw in a timer. */
function asyncFailure(kind, err, origin, maps, sources) {
  const d = describe(err, { maps, sources });
  const what =
    kind === 'rejection' ? 'a promise rejected and nobody handled it' : 'an error was thrown in a timer or callback';
  const from = origin !== null ? `started by cell In [${origin}]` : 'not started by any cell';
  return {
    ename: kind === 'rejection' ? 'UnhandledPromiseRejection' : 'UncaughtException',
    evalue: `${what} (${from}): ${d.ename}: ${d.evalue}`,
    traceback: [`${what} (${from})`, ...d.traceback],
    origin,
  };
}

/** An earlier cell's async error, reported in cell `count`, whose own code did not run. */
function reportedLater(earlier, count) {
  return {
    ...earlier,
    evalue: `${earlier.evalue} [reported here; this cell's code did not run: run it again]`,
    traceback: [...earlier.traceback, '', `(reported in cell In [${count}]; its code did not run: run it again)`],
  };
}

module.exports = { describe, diagnostics, asyncFailure, reportedLater, cellFileName, isInterrupt };
