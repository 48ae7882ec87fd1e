import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { panelLayout, stepSlider } from '../../src/show/layout';

describe('panelLayout: panels in one row', () => {
  test('each panel has its own axes and an equal share of the width, gaps between', () => {
    const { panels, layout } = panelLayout(['a', 'b'], 0.1, 1.1, ({ axes, domain }) => ({
      xaxis: { domain, anchor: axes.yaxis },
      yaxis: { anchor: axes.xaxis },
    }));
    assert.deepEqual(
      panels.map((p) => p.axes),
      [
        { xaxis: 'x1', yaxis: 'y1' },
        { xaxis: 'x2', yaxis: 'y2' },
      ],
    );
    assert.deepEqual(
      panels.map((p) => p.domain),
      [
        [0, 0.45],
        [0.55, 1],
      ],
    );
    assert.deepEqual(Object.keys(layout), ['annotations', 'xaxis1', 'yaxis1', 'xaxis2', 'yaxis2']);
    assert.deepEqual(layout.xaxis2, { domain: [0.55, 1], anchor: 'y2' });
    assert.deepEqual(layout.yaxis2, { anchor: 'x2' });
    const titles = layout.annotations as Array<{ text: string; x: number; y: number }>;
    assert.deepEqual(
      titles.map((t) => [t.text, t.x, t.y]),
      [
        ['a', 0.225, 1.1],
        ['b', 0.775, 1.1],
      ],
    );
  });
});

describe('stepSlider: one trace per step', () => {
  test('the active step, its title, and steps that show only their own trace', () => {
    const s = stepSlider(
      'f',
      [{ label: '1' }, { label: '2', note: 'second' }],
      { title: 'T', sliderTitle: 'k =', active: 1 },
      30,
    );
    assert.equal(s.active, 1);
    assert.deepEqual(s.title, { text: 'T<br><sub>second</sub>' });
    const [slider] = s.sliders as Array<{
      currentvalue: { prefix: string };
      pad: { t: number };
      steps: Array<{ label: string; args: unknown[] }>;
    }>;
    assert.equal(slider.currentvalue.prefix, 'k = ');
    assert.equal(slider.pad.t, 30);
    assert.deepEqual(
      slider.steps.map((st) => st.args),
      [
        [{ visible: [true, false] }, { title: { text: 'T' } }],
        [{ visible: [false, true] }, { title: { text: 'T<br><sub>second</sub>' } }],
      ],
    );
  });
  test('bad input names the figure builder', () => {
    assert.throws(
      () => stepSlider('f', [], {}, 30),
      (e: unknown) => e instanceof InputError && /^f: expected at least one step$/.test((e as Error).message),
    );
    assert.throws(
      () => stepSlider('f', [{ label: '1' }], { active: 1 }, 30),
      /f: active step 1 is out of range \(0\.\.0\)/,
    );
    assert.throws(() => stepSlider('f', [{ label: '1' }], { active: 0.5 }, 30), /f: active step 0.5 is out of range/);
  });
});
