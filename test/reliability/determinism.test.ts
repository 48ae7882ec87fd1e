// Numbers stay right: two consecutive runs of every notebook give the same outputs.
// Compared cell by cell on the executed notebooks: stream text, text/plain, text/markdown,
// text/html (plots excepted) and every number of every plotly figure. Timings are ignored:
// durations written as "12.3 ms" or "1.20 s" are masked, tables with a time column ("ms",
// "time", ...), in markdown or from showTable, keep their shape but not their numbers or row order, figures
// whose axis title is a time keep their shape but not their values, and cells tagged
// `timing` (cell metadata tags) are compared by their output types only.
// The first run is the one test/notebooks.test.ts just made in reports/ (when it is from
// this `npm test`, complete and passing); otherwise both runs go to temporary folders.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, runReports } from './_helpers';

const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
const REPORTS = path.join(ROOT, 'reports');
let tmp: string;
let first: string; // folder holding executed/<notebook>
let second: string;
let firstFrom = '';

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  metadata: { tags?: string[] };
  outputs?: Output[];
}

const DURATION = /\b\d+(?:[.,]\d+)?\s?(?:ms|s|sec|seconds|µs|us|min)\b/g;
const join = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : (t ?? ''));
const TIME_HEADER = /^\s*(ms|s|µs|us|sec|seconds|time|ms \(median\)|median ms|wall time)\s*$/i;

/**
 * Markdown tables with a time column ("| op | calls | ms | share |"): every number in them
 * comes from a clock (or is derived from one), and so may the row order. Numbers become
 * '<n>' and rows are sorted.
 */
function maskTimingTables(s: string): string {
  const lines = s.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = lines[i];
    if (!/^\s*\|.*\|\s*$/.test(header) || !/^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1])) continue;
    if (!header.split('|').some((c) => TIME_HEADER.test(c))) continue;
    let end = i + 2;
    while (end < lines.length && /^\s*\|/.test(lines[end])) end++;
    const rows = lines
      .slice(i + 2, end)
      .map((r) => r.replace(/-?\d+(?:[.,]\d+)?(?:e[+-]?\d+)?/gi, '<n>'))
      .sort();
    lines.splice(i + 2, end - i - 2, ...rows);
    i = end - 1;
  }
  return lines.join('\n');
}

const mask = (s: string) => maskTimingTables(s).replace(DURATION, '<time>');

const SHOW_TABLE =
  /^<table class="attention-lab-table">(?:<caption>(.*?)<\/caption>)?<thead><tr>(.*?)<\/tr><\/thead><tbody>(.*)<\/tbody><\/table>$/s;

/**
 * A table from showTable (src/show/tables.ts) with a time column: its caption, head and rows
 * read from the text/html, numbers as '<n>' and rows sorted, as for markdown tables. Its
 * text/plain shows the same cells (aligned to widths that move with the numbers), so it is
 * not compared. Null for any other output.
 */
function timingTable(data: Record<string, unknown>): unknown {
  const m = SHOW_TABLE.exec(join(data['text/html'] as string | undefined));
  if (!m) return null;
  const cells = (row: string) => [...row.matchAll(/<t[hd]>(.*?)<\/t[hd]>/gs)].map((c) => c[1]);
  const head = cells(m[2]);
  if (!head.some((h) => TIME_HEADER.test(h))) return null;
  const rows = [...m[3].matchAll(/<tr>(.*?)<\/tr>/gs)].map((r) =>
    cells(r[1])
      .join(' | ')
      .replace(/-?\d+(?:[.,]\d+)?(?:e[+-]?\d+)?/gi, '<n>'),
  );
  return { caption: mask(m[1] ?? ''), head, rows: rows.sort() };
}

function isTimeAxis(layout: Record<string, unknown>): boolean {
  const titles = Object.entries(layout)
    .filter(([k]) => /^[xy]axis\d*$/.test(k))
    .map(([, v]) => JSON.stringify((v as { title?: unknown })?.title ?? ''));
  return titles.some((t) => /\bms\b|second|\btime\b/i.test(t));
}

/** Numbers replaced by '<n>' (keeping array lengths), for figures of measured times. */
function shapeOnly(v: unknown): unknown {
  if (typeof v === 'number') return '<n>';
  if (Array.isArray(v)) return v.map(shapeOnly);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOnly(x)]));
  return typeof v === 'string' ? mask(v) : v;
}

/** What must be equal between two runs, for one cell. */
function comparable(cell: Cell): unknown[] {
  const timing = cell.metadata.tags?.includes('timing') ?? false;
  return (cell.outputs ?? []).map((o) => {
    if (timing) return { type: o.output_type, mimes: Object.keys(o.data ?? {}).sort() };
    if (o.output_type === 'stream') return { stream: o.name, text: mask(join(o.text)) };
    if (o.output_type === 'error') return { error: o.ename, evalue: mask(o.evalue ?? '') };
    const data = o.data ?? {};
    const table = timingTable(data);
    if (table) return { type: o.output_type, timingTable: table };
    const out: Record<string, unknown> = { type: o.output_type };
    const plot = data['application/vnd.plotly.v1+json'] as
      { data: unknown; layout: Record<string, unknown> } | undefined;
    if (plot) out.plot = isTimeAxis(plot.layout ?? {}) ? shapeOnly(plot) : JSON.parse(mask(JSON.stringify(plot)));
    for (const mime of ['text/plain', 'text/markdown', 'text/latex'])
      if (mime in data) out[mime] = mask(join(data[mime] as string));
    if ('text/html' in data && !plot) out['text/html'] = mask(join(data['text/html'] as string));
    for (const mime of ['image/png', 'image/svg+xml']) if (mime in data) out[mime] = join(data[mime] as string);
    return out;
  });
}

function executed(dir: string, nb: string): Cell[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'executed', nb), 'utf8')).cells;
}

function freshReports(): boolean {
  const started = Number(process.env.ATTENTION_LAB_TEST_STARTED ?? NaN);
  const summaryFile = path.join(REPORTS, 'summary.json');
  if (!Number.isFinite(started) || !fs.existsSync(summaryFile) || fs.statSync(summaryFile).mtimeMs < started)
    return false;
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as {
    notebooks: Array<{ notebook: string; status: string }>;
  };
  const ok = summary.notebooks
    .filter((n) => n.status === 'ok')
    .map((n) => n.notebook)
    .sort();
  return JSON.stringify(ok) === JSON.stringify(NOTEBOOKS);
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-determinism-'));
  const notebooks = NOTEBOOKS.map((n) => path.join(ROOT, 'notebooks', n));
  if (freshReports()) {
    first = REPORTS;
    firstFrom = 'reports/ (made earlier in this npm test)';
  } else {
    first = path.join(tmp, 'a');
    const a = runReports(notebooks, first);
    assert.equal(a.status, 0, `first run failed:\n${a.stdout}\n${a.stderr}`);
    firstFrom = 'a first run in a temporary folder';
  }
  second = path.join(tmp, 'b');
  const b = runReports(notebooks, second);
  assert.equal(b.status, 0, `second run failed:\n${b.stdout}\n${b.stderr}`);
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('determinism: two runs of every notebook give the same outputs (timings ignored)', () => {
  test('the comparison masks durations and time axes, not other numbers', () => {
    assert.equal(mask('took 12.5 ms, then 1.20 s; 0.7734 stays'), 'took <time>, then <time>; 0.7734 stays');
    assert.ok(isTimeAxis({ yaxis: { title: { text: 'ms (median)' } } }));
    assert.ok(!isTimeAxis({ yaxis: { title: { text: 'cosine similarity' } } }));
    const table = (a: string, b: string) => `| op | calls | ms | share |\n|---|---|---|---|\n${a}\n${b}`;
    assert.equal(
      mask(table('| A | 2 | 15.5 | 67 % |', '| B | 1 | 5.1 | 22 % |')),
      mask(table('| B | 1 | 5.4 | 23 % |', '| A | 2 | 15.4 | 66 % |')),
    );
    const values = '| word | cosine |\n|---|---|\n| cat | 0.77 |';
    assert.equal(mask(values), values, 'tables without a time column are compared as they are');
    const shown = (head: string[], rows: string[][]): Cell => ({
      cell_type: 'code',
      metadata: {},
      outputs: [
        {
          output_type: 'display_data',
          data: {
            'text/html':
              `<table class="attention-lab-table"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
              rows
                .map(
                  (r) =>
                    `<tr><th>${r[0]}</th>${r
                      .slice(1)
                      .map((c) => `<td>${c}</td>`)
                      .join('')}</tr>`,
                )
                .join('') +
              '</tbody></table>',
            'text/plain': rows.map((r) => r.join('  ')).join('\n'),
          },
        },
      ],
    });
    const ops = ['op', 'calls', 'ms', 'share'];
    assert.deepEqual(
      comparable(
        shown(ops, [
          ['A', '2', '15.50', '67 %'],
          ['B', '1', '5.10', '22 %'],
        ]),
      ),
      comparable(
        shown(ops, [
          ['B', '1', '5.40', '23 %'],
          ['A', '2', '15.40', '66 %'],
        ]),
      ),
      'showTable tables with a time column too',
    );
    assert.notDeepEqual(
      comparable(shown(['word', 'cosine'], [['cat', '0.77']])),
      comparable(shown(['word', 'cosine'], [['cat', '0.78']])),
      'showTable tables without one are compared as they are',
    );
  });

  for (const nb of NOTEBOOKS) {
    test(nb, () => {
      const a = executed(first, nb);
      const b = executed(second, nb);
      assert.equal(a.length, b.length);
      a.forEach((cell, i) => {
        if (cell.cell_type !== 'code') return;
        assert.deepEqual(
          comparable(b[i]),
          comparable(cell),
          `${nb} cell ${i + 1} differs between two runs (first from ${firstFrom})`,
        );
      });
    });
  }
});
