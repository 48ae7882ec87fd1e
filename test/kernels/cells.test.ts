// What a person typing cells meets (kernels/execute.cjs, display.cjs, errors.cjs,
// complete.cjs), through jupyter_client against the installed kernel. Each of these failed
// on the tslab-based kernel: a last value was stdout text, tensors showed tfjs' internals,
// `{ W_Q }` threw ReferenceError, tracebacks said evalmachine.<anonymous>:7:7, and a failed
// cell's names were gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCells, type CellResult } from '../helpers/kernel';

const text = (cell: CellResult) => {
  assert.equal(cell.status, 'ok', JSON.stringify(cell.errors));
  assert.equal(cell.results.length, 1, `one execute_result, got ${JSON.stringify(cell.iopub)}`);
  return cell.results[0].data['text/plain'];
};

test('a last expression is Out[n]: values, tensors as values, display bundles; `;` and undefined show nothing', () => {
  const cells = runCells([
    '40 + 2',
    "import { tf } from './src/index';\nconst t = tf.tensor([[1.5, 2], [3, 4]]);\nt",
    'tf.range(0, 2000)',
    "tf.tensor([1, 2, 3], [3], 'int32')",
    '6 * 7;',
    'undefined',
    "({ [Symbol.for('Jupyter.display')]() { return { 'text/html': '<b>mine</b>', 'text/plain': 'mine' }; } })",
    'const cyclic: any = { name: "c" }; cyclic.self = cyclic; cyclic',
    'const before = tf.memory().numTensors;\nt',
    'tf.memory().numTensors - before',
  ]);
  assert.equal(text(cells[0]), '42');
  assert.equal(cells[0].results[0].execution_count, 1, 'Out[1]');
  assert.equal(cells[0].stdout, '', 'not printed as well');
  assert.equal(text(cells[1]), 'tensor([[1.5, 2.0],\n        [3.0, 4.0]], shape=[2, 2], dtype=float32)');
  assert.match(
    String(cells[1].results[0].data['text/html']),
    /<table[^>]*>.*<td>1\.5<\/td><td>2\.0<\/td>.*<td>4\.0<\/td>/s,
  );
  assert.equal(
    text(cells[2]),
    'tensor([   0.0,    1.0,    2.0, ..., 1997.0, 1998.0, 1999.0], shape=[2000], dtype=float32)',
  );
  assert.equal(text(cells[3]), 'tensor([1, 2, 3], shape=[3], dtype=int32)');
  for (const c of [cells[4], cells[5]]) {
    assert.equal(c.status, 'ok');
    assert.deepEqual(c.results, [], 'a trailing ; or undefined: no Out[n]');
  }
  assert.deepEqual(cells[6].results[0].data, { 'text/html': '<b>mine</b>', 'text/plain': 'mine' });
  assert.equal(text(cells[7]), "<ref *1> { name: 'c', self: [Circular *1] }");
  text(cells[8]);
  assert.equal(text(cells[9]), '0', 'showing a tensor makes no tensor');
});

test("a figure of src/show as a last expression is Out[n] with showFigure's three renderings", () => {
  const cells = runCells([
    "import { heatmap } from './src/index';\nheatmap([[1, 2], [3, 4]])",
    'const f = heatmap([[1, 2], [3, 4]], { title: "kept" });',
    'f',
  ]);
  const result = (c: CellResult) => {
    assert.equal(c.status, 'ok', JSON.stringify(c.errors));
    assert.equal(c.results.length, 1, `one execute_result, got ${JSON.stringify(c.iopub)}`);
    return c.results[0];
  };
  const out = result(cells[0]);
  assert.deepEqual(Object.keys(out.data).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
  assert.equal(out.execution_count, 1, 'Out[1]');
  assert.deepEqual((out.data['application/vnd.plotly.v1+json'] as { data: Array<{ z: number[][] }> }).data[0].z, [
    [1, 2],
    [3, 4],
  ]);
  assert.match(String(out.data['text/html']), /class="attention-lab-plot".*Plotly\.newPlot/s);
  assert.equal(out.data['text/plain'], '<plotly figure:  (1 trace)>');
  assert.deepEqual(cells[1].results, [], 'a trailing ; shows nothing');
  assert.equal(result(cells[2]).data['text/plain'], '<plotly figure: kept (1 trace)>');
});

test('values that cannot be shown fail their cell with a clear error; the kernel runs on', () => {
  const cells = runCells([
    "({ [Symbol.for('Jupyter.display')]() { return 42; } })",
    "({ [Symbol.for('Jupyter.display')]() { throw new Error('broken display'); } })",
    "({ [Symbol.for('Jupyter.display')]() { return { 'not a mime type': 'x' }; } })",
    'const p = Proxy.revocable({}, {}); p.revoke(); p.proxy',
    'const = ;',
    "'still running'",
  ]);
  const evalue = (c: CellResult) => {
    assert.equal(c.status, 'error');
    return c.errors[0]?.evalue ?? '';
  };
  assert.match(evalue(cells[0]), /returned 42, not a MIME bundle/);
  assert.match(evalue(cells[1]), /threw: broken display/);
  assert.match(evalue(cells[2]), /"not a mime type", which is not a MIME type/);
  assert.match(evalue(cells[3]), /cannot display the value/);
  assert.equal(cells[4].errors[0]?.ename, 'TSError');
  assert.equal(text(cells[5]), "'still running'");
});

// One row per way to use an earlier cell's name.
const NAME_FORMS: Array<[string, string, string]> = [
  ['object shorthand', '({ W_Q })', '{ W_Q: 3 }'],
  ['shorthand beside other properties', '({ a: 1, W_Q, b: 2 })', '{ a: 1, W_Q: 3, b: 2 }'],
  ['destructuring with a default', 'const { missing = W_Q } = {} as { missing?: number };\nmissing', '3'],
  ['typeof', 'typeof W_Q', "'number'"],
  ['a type taken with typeof', 'const copy: typeof W_Q = W_Q;\ncopy', '3'],
  [
    'class extends an earlier class',
    'class Child extends Base { two() { return this.one() * 2; } }\nnew Child().two()',
    '2',
  ],
  ['a template literal', '`W_Q is ${W_Q}`', "'W_Q is 3'"],
  ['a closure that captures it', 'const read = () => W_Q * 10;\nread()', '30'],
  ['an imported name', 'typeof softmax', "'function'"],
  ['a function of an earlier cell', 'double(W_Q)', '6'],
  ['an assignment to an earlier let', 'counter += 1;\ncounter', '6'],
];

test('names of earlier cells: every form of use works (one row per form)', () => {
  const setup = [
    'const W_Q = 3;',
    'class Base { one() { return 1; } }',
    "import { softmax } from './src/index';",
    'function double(x: number) { return 2 * x; }',
    'let counter = 5;',
  ];
  const cells = runCells([...setup, ...NAME_FORMS.map(([, code]) => code)]);
  cells
    .slice(0, setup.length)
    .forEach((c, i) => assert.equal(c.status, 'ok', `setup ${i}: ${JSON.stringify(c.errors)}`));
  NAME_FORMS.forEach(([form, , want], i) => {
    const c = cells[setup.length + i];
    assert.equal(c.status, 'ok', `${form}: ${JSON.stringify(c.errors)}`);
    assert.equal(c.results[0]?.data['text/plain'], want, form);
  });
});

test('a failed cell: names assigned before the failing line stay defined; errors name the cell line and src/ lines', () => {
  const cells = runCells([
    "let kept = 5;\nconst alsoKept = 'yes';\nthrow new Error('fails on line 3');",
    'kept + alsoKept.length',
    "import { cosineSimilarityMatrix } from './src/index';\n\nfunction compare() {\n  return cosineSimilarityMatrix([[1, 2]], [[1, 2, 3]]);\n}\ncompare();",
    "const bad: number = 'x';",
  ]);
  assert.equal(cells[0].status, 'error');
  const tb0 = cells[0].errors[0].traceback.join('\n');
  assert.match(tb0, /^Error: fails on line 3\n {4}at Cell In\[1\], line 3\n {8}throw new Error\('fails on line 3'\);/);
  assert.doesNotMatch(tb0, /evalmachine|kernels\/|node:/);
  assert.equal(text(cells[1]), '8');
  const tb2 = cells[2].errors[0].traceback.join('\n');
  assert.equal(cells[2].errors[0].ename, 'InputError');
  assert.match(tb2, /at \S+ \(src\/maths\/similarity\.ts:\d+:\d+\)/, 'a frame in src/ names its .ts file');
  assert.match(tb2, /at compare \(Cell In\[3\], line 4\)\n {8}return cosineSimilarityMatrix/);
  assert.match(tb2, /at Cell In\[3\], line 6\n {8}compare\(\);/);
  const tb3 = cells[3].errors[0].traceback;
  assert.deepEqual(tb3.slice(1, 5), [
    'line 1, column 7:',
    "    const bad: number = 'x';",
    '          ^^^',
    "    Type 'string' is not assignable to type 'number'.",
  ]);
});

// Found in a second read of the kernel (2026-12-02), each confirmed before the fix.
test('a cell still running after it failed cannot set a later Out[n]; async frames and split UTF-8', () => {
  const cells = runCells([
    "setTimeout(() => { throw new Error('a timer of cell 1'); }, 50);\n1",
    'await new Promise((r) => setTimeout(r, 150));\n2',
    'await new Promise((r) => setTimeout(r, 300));\n3',
    "await Promise.all([1].map(async () => {\n  await null;\n  throw new Error('in an async function');\n}));",
    'process.stdout.write(Buffer.from([0xc3]));\nprocess.stdout.write(Buffer.from([0xa9]));',
  ]);
  assert.equal(cells[1].status, 'error', 'the timer error fails the cell that runs when it fires');
  assert.equal(text(cells[2]), '3', 'not the 2 of the abandoned cell 2');
  assert.match(
    cells[3].errors[0].traceback.join('\n'),
    /at Cell In\[4\], line 3\n {8}throw new Error\('in an async function'\);/,
  );
  assert.equal(cells[4].stdout, 'é');
});
