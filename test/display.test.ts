import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../src/core/backend';
import { PLOT_CLASS, escapeHtml, figureBundle, formatMatrix, matrixTableHtml, scriptSafeJson, showComparison, showFigure, showMatrix } from '../src/display';
import { InputError } from '../src/core/validate';
import { assertNoLeak } from './helpers/tensors';

const fig = { data: [{ type: 'heatmap', z: [[1, 2], [3, 4]] }], layout: { title: { text: 'demo' } } };

describe('figureBundle: one display_data for JupyterLab, reports and text', () => {
  test('carries the plotly JSON, HTML and plain text', () => {
    const b = figureBundle(fig);
    assert.deepEqual(Object.keys(b.data).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
    const plotly = b.data['application/vnd.plotly.v1+json'] as { data: unknown[]; layout: unknown };
    assert.deepEqual(plotly.data, fig.data);
    assert.equal(b.data['text/plain'], '<plotly figure: demo (1 trace)>');
    const html = b.data['text/html'] as string;
    assert.match(html, new RegExp(`class="${PLOT_CLASS}"`));
    assert.match(html, /Plotly\.newPlot/);
    assert.ok(!html.includes('plotly.js v'), 'plotly.js itself is not inlined per plot');
  });

  test('plot element ids are numbered, so re-running gives the same report', () => {
    const id = (h: string) => Number(/attention-lab-plot-(\d+)/.exec(h)![1]);
    const a = id(figureBundle(fig).data['text/html'] as string);
    const b = id(figureBundle(fig).data['text/html'] as string);
    assert.equal(b, a + 1);
  });

  test('text inside a figure cannot close the script or inject HTML', () => {
    const evil = { data: [{ type: 'scatter', name: '</script><img src=x onerror=alert(1)>' }] };
    const html = figureBundle(evil).data['text/html'] as string;
    assert.equal(html.match(/<\/script>/g)!.length, 1, 'only our own closing tag');
    assert.ok(!html.includes('<img'));
    assert.equal(JSON.parse(scriptSafeJson({ s: '</script>&<!--' })).s, '</script>&<!--', 'still the same JSON value');
  });

  test('bad figures get a clear error', () => {
    assert.throws(() => figureBundle({} as never), (e: unknown) => e instanceof InputError && /expected a plotly figure/.test((e as Error).message));
    const t = tf.tensor([1, 2]);
    assert.throws(() => figureBundle({ data: [{ z: t }] } as never), /holds a tensor/);
    t.dispose();
  });

  test('outside a kernel, show* print the text rendering', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      showFigure(fig);
      showMatrix([[1, 0.5]], { rowLabels: ['a'], colLabels: ['x', 'y'], digits: 1 });
      showComparison([{ what: 'cos', document: '0.77', reference: 0.7743, ours: 0.77432 }], { digits: 4 });
    } finally {
      console.log = log;
    }
    assert.equal(lines[0], '<plotly figure: demo (1 trace)>');
    assert.match(lines[1], /a\s+1\.0\s+0\.5/);
    assert.match(lines[2], /cos\s+0\.77\s+0\.7743\s+0\.7743\s+2\.0e-5 ✗/);
  });
});

describe('matrix tables', () => {
  test('labels, alignment and digits', () => {
    const t = formatMatrix([[1, 0.77432], [0.77432, 1]], { rowLabels: ['red', 'pink'], colLabels: ['red', 'pink'], digits: 2 });
    assert.equal(t, '       red  pink\nred   1.00  0.77\npink  0.77  1.00');
  });
  test('tensors are accepted and not consumed', () => {
    const m = tf.tensor2d([[1, 2]]);
    assert.match(formatMatrix(m), /1\.0000\s+2\.0000/);
    assert.equal(m.isDisposed, false);
    m.dispose();
  });
  test('HTML labels are escaped', () => {
    assert.ok(matrixTableHtml([[1]], { rowLabels: ['<b>'], colLabels: ['&'] }).includes('&lt;b&gt;'));
    assert.equal(escapeHtml('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
  const BAD: Array<[string, () => unknown, RegExp]> = [
    ['label count', () => formatMatrix([[1, 2]], { colLabels: ['a'] }), /1 column labels for 2 columns/],
    ['ragged', () => formatMatrix([[1, 2], [3]]), /row 1 has 1 values, row 0 has 2/],
    ['not numbers', () => formatMatrix([['a']] as unknown as number[][]), /element \[0\]\[0\] is not a number/],
    ['empty', () => matrixTableHtml([]), /expected a non-empty number\[\]\[\]/],
    ['rank 3 tensor', () => formatMatrix(tf.zeros([1, 1, 1])), /expected a matrix \(rank 2\)/],
    ['comparison without rows', () => showComparison([]), /at least one row/],
  ];
  for (const [name, fn, re] of BAD)
    test(`bad input: ${name}`, () => assert.throws(fn, (e: unknown) => e instanceof InputError && re.test((e as Error).message)));
  test('no tensor leaks', () => assertNoLeak(() => tf.tidy(() => formatMatrix(tf.ones([2, 2])))));
});
