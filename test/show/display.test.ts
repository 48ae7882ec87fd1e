import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import { barChart, barSlider, lineChart } from '../../src/show/charts';
import {
  type Figure,
  JUPYTER_DISPLAY,
  PLOT_CLASS,
  escapeHtml,
  figureBundle,
  scriptSafeJson,
  showFigure,
} from '../../src/show/display';
import {
  heatmap,
  heatmapGrid,
  heatmapSlider,
  reverseColorscale,
  weightsHeatmap,
  weightsHeatmapGrid,
  weightsHeatmapSlider,
} from '../../src/show/heatmaps';
import { anglePanels, imageRow } from '../../src/show/pictures';
import { scatterFigure, scatterPanels, vectorsFigure } from '../../src/show/scatter';

const fig = {
  data: [
    {
      type: 'heatmap',
      z: [
        [1, 2],
        [3, 4],
      ],
    },
  ],
  layout: { title: { text: 'demo' } },
};

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
    assert.throws(
      () => figureBundle({} as never),
      (e: unknown) => e instanceof InputError && /expected a plotly figure/.test((e as Error).message),
    );
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

describe("figures show themselves: [Symbol.for('Jupyter.display')]() gives showFigure's bundle", () => {
  const M = [
    [0.2, 0.8],
    [0.6, 0.4],
  ];
  const BUILT: Array<[string, () => Figure]> = [
    ['heatmap', () => heatmap(M, { title: 'one' })],
    [
      'heatmapGrid',
      () =>
        heatmapGrid([
          { matrix: M, title: 'a' },
          { matrix: M, title: 'b' },
        ]),
    ],
    ['heatmapSlider', () => heatmapSlider([{ label: '1', matrix: M }])],
    ['reverseColorscale', () => reverseColorscale(heatmap(M))],
    ['weightsHeatmap', () => weightsHeatmap(M)],
    ['weightsHeatmapGrid', () => weightsHeatmapGrid([{ matrix: M, title: 'a' }])],
    ['weightsHeatmapSlider', () => weightsHeatmapSlider([{ label: '1', matrix: M }])],
    ['barChart', () => barChart(['a', 'b'], [{ name: 's', values: [1, 2] }])],
    ['barSlider', () => barSlider(['a'], [{ label: '1', values: [1] }])],
    ['lineChart', () => lineChart([{ name: 's', x: [1, 2], y: [3, 4] }])],
    ['imageRow', () => imageRow([{ image: [[[255, 0, 0]]], title: 'red' }])],
    ['anglePanels', () => anglePanels([{ a: [1, 0], b: [0, 1], title: '90°' }])],
    [
      'scatterFigure',
      () =>
        scatterFigure([
          [1, 2],
          [3, 4],
        ]),
    ],
    ['scatterPanels', () => scatterPanels([{ points: [[1, 2]], title: 'a' }])],
    [
      'vectorsFigure',
      () =>
        vectorsFigure(
          [
            [1, 0],
            [0, 1],
          ],
          ['a', 'b'],
        ),
    ],
  ];
  const withoutId = (b: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(b).replace(/attention-lab-plot-\d+/g, 'ID'));
  for (const [name, build] of BUILT) {
    test(`${name}: the plotly bundle, by a method JSON, Object.keys and spreads do not see`, () => {
      const f = build();
      const show = (f as unknown as Record<symbol, () => Record<string, unknown>>)[JUPYTER_DISPLAY];
      assert.equal(typeof show, 'function');
      const bundle = show.call(f);
      assert.deepEqual(Object.keys(bundle).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
      assert.deepEqual(withoutId(bundle), withoutId(figureBundle(f).data), 'the same bundle as showFigure sends');
      assert.equal(Object.getOwnPropertyDescriptor(f, JUPYTER_DISPLAY)?.enumerable, false);
      assert.deepEqual(Object.keys(f), Object.keys({ ...f }));
      assert.ok(!Object.keys(f).some((k) => k.includes('Jupyter')));
      assert.equal(
        JSON.stringify(f),
        JSON.stringify({ data: f.data, layout: f.layout, ...(f.frames ? { frames: f.frames } : {}) }),
      );
    });
  }
  test('a spread copy is a plain figure; reverseColorscale of it shows itself, reversed', () => {
    const copy = { ...heatmap(M) };
    assert.equal((copy as Record<symbol, unknown>)[JUPYTER_DISPLAY], undefined);
    const r = reverseColorscale(copy) as unknown as Record<
      symbol,
      () => Record<string, { data: Array<{ reversescale?: boolean }> }>
    >;
    assert.equal(r[JUPYTER_DISPLAY]()['application/vnd.plotly.v1+json'].data[0].reversescale, true);
  });
  test('each showing numbers a new plot element, as showFigure does', () => {
    const f = heatmap(M) as unknown as Record<symbol, () => Record<string, string>>;
    const id = () => Number(/attention-lab-plot-(\d+)/.exec(f[JUPYTER_DISPLAY]()['text/html'])![1]);
    const a = id();
    assert.equal(id(), a + 1);
  });
});
