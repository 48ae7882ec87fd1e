import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import { PLOT_CLASS, escapeHtml, figureBundle, scriptSafeJson, showFigure } from '../../src/show/display';

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

  test('outside a kernel, showFigure prints the text rendering', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      showFigure(fig);
    } finally {
      console.log = log;
    }
    assert.equal(lines[0], '<plotly figure: demo (1 trace)>');
  });
});

test('escapeHtml escapes what could open a tag or end an attribute', () => {
  assert.equal(escapeHtml('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
});
