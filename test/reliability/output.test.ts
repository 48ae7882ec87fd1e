// Every line a cell prints arrives, in order, and nothing is reordered around it
// (kernels/output.cjs). Before the fix, one stream message per console.log met ZeroMQ's
// high-water mark: a 3,000-line cell lost lines in 3 of 10 runs, a 100,000-line cell lost
// 82 to 86 % of its lines and sometimes its idle status. Each case runs several times in one
// kernel, so that a loss rate like that fails with near certainty (0.7^20 < 0.1 % for the
// 3,000-line cell).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCells, type CellResult } from '../helpers/kernel';

const numbered = (from: number, to: number, suffix = '') =>
  Array.from({ length: to - from }, (_, k) => `${from + k}${suffix}\n`).join('');

/** The first line where `got` differs from `want`, to name what was lost. */
function firstDifference(got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  const i = w.findIndex((line, k) => g[k] !== line);
  return `${g.length - 1} of ${w.length - 1} lines arrived; line ${i} is ${JSON.stringify(g[i])}, expected ${JSON.stringify(w[i])}`;
}

function assertStdout(cell: CellResult, want: string, what: string) {
  assert.equal(cell.status, 'ok', `${what}: ${JSON.stringify(cell.errors)}`);
  assert.equal(cell.stderr, '', `${what}: nothing on stderr`);
  if (cell.stdout !== want) assert.fail(`${what}: ${firstDifference(cell.stdout, want)}`);
  const types = cell.iopub.map(([t]) => t);
  assert.deepEqual(
    [types[0], types[1], types.at(-1)],
    ['status', 'execute_input', 'status'],
    `${what}: busy, execute_input, ..., idle`,
  );
}

test('a cell that prints 3,000 lines, 20 times: every line arrives, in order', () => {
  const cells = runCells(Array.from({ length: 20 }, () => 'for (let i = 0; i < 3000; i++) console.log(i);'));
  const want = numbered(0, 3000);
  cells.forEach((cell, k) => assertStdout(cell, want, `run ${k + 1}`));
  const streams = cells.map((c) => c.iopub.filter(([t]) => t === 'stream').length);
  assert.ok(
    Math.max(...streams) <= 3,
    `the lines are coalesced into a few stream messages (got ${streams.join(', ')})`,
  );
});

test('a cell that prints 100,000 lines, 3 times, and one that prints 10 MB, twice: all of it arrives', () => {
  const big = "const pad = 'x'.repeat(95); for (let i = 0; i < 100000; i++) console.log(`${i} ${pad}`);";
  const cells = runCells(
    [
      'for (let i = 0; i < 100000; i++) console.log(i);',
      big,
      'for (let i = 0; i < 100000; i++) console.log(i);',
      big,
      'for (let i = 0; i < 100000; i++) console.log(i);',
    ],
    {
      timeout: 300_000,
    },
  );
  const lines = numbered(0, 100_000);
  const tenMB = numbered(0, 100_000, ` ${'x'.repeat(95)}`);
  assert.ok(tenMB.length > 10_000_000, `the big cell prints ${tenMB.length} characters`);
  cells.forEach((cell, k) => assertStdout(cell, k % 2 ? tenMB : lines, `cell ${k + 1}`));
});

test('console.log and console.error interleaved: both streams complete, and in the order printed', () => {
  const code = 'for (let i = 0; i < 20000; i++) { if (i % 2) console.error(i); else console.log(i); }';
  const cells = runCells([code, code, code], { streamTexts: true, timeout: 300_000 });
  cells.forEach((cell, k) => {
    assert.equal(cell.status, 'ok', JSON.stringify(cell.errors));
    const order = cell.iopub
      .filter(([t]) => t === 'stream')
      .flatMap(([, name, text]) =>
        (text ?? '')
          .split('\n')
          .filter(Boolean)
          .map((line) => `${name} ${line}`),
      );
    const want = Array.from({ length: 20000 }, (_, i) => `${i % 2 ? 'stderr' : 'stdout'} ${i}`);
    const i = want.findIndex((w, j) => order[j] !== w);
    assert.equal(i, -1, `run ${k + 1}: ${order.length} of 20000 lines; line ${i} is ${order[i]}, expected ${want[i]}`);
  });
});

test('output printed from timers after an await: every line arrives before the cell is idle', () => {
  const code = `await new Promise<void>((resolve) => {
  let i = 0;
  const tick = () => {
    for (let k = 0; k < 100; k++) console.log(i++);
    if (i < 5000) setTimeout(tick, 1); else resolve();
  };
  setTimeout(tick, 1);
});
await new Promise((r) => setImmediate(r));
console.log('done');`;
  const cells = runCells([code, code, code, code, code]);
  cells.forEach((cell, k) => assertStdout(cell, `${numbered(0, 5000)}done\n`, `run ${k + 1}`));
});

test('text printed before a display, an execute error or the idle status arrives before it', () => {
  const [display, error] = runCells([
    "const tslab = require('tslab');\nconsole.log('before');\ntslab.display.html('<b>shown</b>');\nconsole.error('between');\ntslab.display.text('again');\nconsole.log('after');",
    "console.log('printed first');\nthrow new Error('then this');",
  ]);
  assert.equal(display.status, 'ok', JSON.stringify(display.errors));
  const body = (c: CellResult) => c.iopub.slice(2).map(([t, d]) => `${t}:${d}`);
  assert.deepEqual(body(display), [
    'stream:stdout',
    'display_data:text/html',
    'stream:stderr',
    'display_data:text/plain',
    'stream:stdout',
    'status:idle',
  ]);
  assert.equal(display.stdout, 'before\nafter\n');
  assert.equal(error.status, 'error');
  assert.deepEqual(body(error), ['stream:stdout', 'error:Error', 'status:idle']);
  assert.equal(error.stdout, 'printed first\n');
});
