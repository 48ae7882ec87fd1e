import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import {
  heatmap,
  heatmapGrid,
  heatmapSlider,
  heatmapTrace,
  reverseColorscale,
  weightsHeatmap,
  weightsHeatmapGrid,
  weightsHeatmapSlider,
} from '../../src/show/heatmaps';

describe('heatmaps', () => {
  test('annotated heatmap keeps the matrix, labels and printed digits', () => {
    const f = heatmap(
      [
        [1, 0.7743],
        [0.7743, 1],
      ],
      { rowLabels: ['red', 'pink'], colLabels: ['red', 'pink'], digits: 2 },
    );
    const t = f.data[0] as { z: number[][]; x: string[]; text: string[][] };
    assert.deepEqual(t.z, [
      [1, 0.7743],
      [0.7743, 1],
    ]);
    assert.deepEqual(t.x, ['red', 'pink']);
    assert.deepEqual(t.text, [
      ['1.00', '0.77'],
      ['0.77', '1.00'],
    ]);
  });
  test('repeated tokens stay separate rows (plotly would merge equal labels)', () => {
    const t = heatmapTrace([[1, 2, 3]], { colLabels: ['is', 'a', 'is'] }) as { x: string[] };
    assert.deepEqual(t.x, ['is', 'a', 'is (2)']);
  });
  test('a tensor is read, not consumed', () => {
    const m = tf.eye(2);
    heatmap(m);
    assert.equal(m.isDisposed, false);
    m.dispose();
  });
  test('grid: one trace per panel on its own axes', () => {
    const f = heatmapGrid([
      { matrix: [[1]], title: 'a' },
      { matrix: [[2]], title: 'b' },
    ]);
    assert.deepEqual(
      f.data.map((d) => d.xaxis),
      ['x1', 'x2'],
    );
  });
  test('slider: one visible step, each step shows only its own trace', () => {
    const f = heatmapSlider(
      [
        { label: '1', matrix: [[1]] },
        { label: '2', matrix: [[2]] },
      ],
      { active: 1 },
    );
    assert.deepEqual(
      f.data.map((d) => d.visible),
      [false, true],
    );
    const steps = (f.layout!.sliders as Array<{ steps: Array<{ args: Array<{ visible?: boolean[] }> }> }>)[0].steps;
    assert.deepEqual(
      steps.map((s) => s.args[0].visible),
      [
        [true, false],
        [false, true],
      ],
    );
  });
  test('reverseColorscale flips every heatmap trace and leaves the input alone', () => {
    const g = heatmapGrid([
      { matrix: [[0, 1]], title: 'a' },
      { matrix: [[1, 0]], title: 'b' },
    ]);
    const r = reverseColorscale(g);
    assert.deepEqual(
      r.data.map((t) => t.reversescale),
      [true, true],
    );
    assert.equal(g.data[0].reversescale, undefined);
    assert.equal(reverseColorscale(heatmap([[1]])).data[0].reversescale, true);
    assert.throws(() => reverseColorscale({} as never), InputError);
  });
});

describe('weights heatmaps: the 0-to-1 reversed Blues scale, written once', () => {
  const W = [
    [0.7, 0.2, 0.1],
    [0.05, 0.9, 0.05],
  ];
  const labels = { rowLabels: ['早', '上'], colLabels: ['早', '上', '好'] };
  const blues = { zmin: 0, zmax: 1, colorscale: 'Blues' };
  test('weightsHeatmap is reverseColorscale(heatmap(..., { zmin: 0, zmax: 1, colorscale: "Blues" })), to the byte', () => {
    const options = { ...labels, title: 'weights', digits: 3, height: 380 };
    assert.equal(
      JSON.stringify(weightsHeatmap(W, options)),
      JSON.stringify(reverseColorscale(heatmap(W, { ...options, ...blues }))),
    );
    assert.equal(JSON.stringify(weightsHeatmap(W)), JSON.stringify(reverseColorscale(heatmap(W, blues))));
    const t = weightsHeatmap(W).data[0];
    assert.deepEqual([t.zmin, t.zmax, t.colorscale, t.reversescale], [0, 1, 'Blues', true]);
  });
  test('weightsHeatmapGrid puts the scale on every panel, to the byte', () => {
    const panels = [
      { matrix: W, title: 'a', digits: -1 },
      { matrix: tf.tensor2d(W), title: 'b', ...labels },
    ];
    const figure = weightsHeatmapGrid(panels, { title: 'two', height: 400 });
    assert.equal(
      JSON.stringify(figure),
      JSON.stringify(
        reverseColorscale(
          heatmapGrid(
            panels.map((p) => ({ ...p, ...blues })),
            { title: 'two', height: 400 },
          ),
        ),
      ),
    );
    assert.deepEqual(
      figure.data.map((t) => [t.zmin, t.zmax, t.colorscale, t.reversescale]),
      [
        [0, 1, 'Blues', true],
        [0, 1, 'Blues', true],
      ],
    );
    tf.dispose(panels[1].matrix as tf.Tensor);
  });
  test('weightsHeatmapSlider, to the byte', () => {
    const steps = [
      { label: '1', matrix: W, note: 'n' },
      { label: '2', matrix: W },
    ];
    const options = { title: 's', sliderTitle: 'c =', active: 1, digits: 2, height: 460 };
    assert.equal(
      JSON.stringify(weightsHeatmapSlider(steps, options)),
      JSON.stringify(reverseColorscale(heatmapSlider(steps, { ...options, ...blues }))),
    );
  });
  test('the scale cannot be changed by mistake', () => {
    assert.throws(() => weightsHeatmap(W, { zmin: -1 } as never), /weightsHeatmap: zmin is fixed/);
    assert.throws(
      () => weightsHeatmapGrid([{ matrix: W, title: 'a', zmax: 2 } as never]),
      /weightsHeatmapGrid panel 0: zmax is fixed/,
    );
    assert.throws(
      () => weightsHeatmapSlider([{ label: '1', matrix: W }], { colorscale: 'Viridis' } as never),
      /colorscale is fixed/,
    );
  });
});

const BAD: Array<[string, () => unknown, RegExp]> = [
  ['heatmap of a vector', () => heatmap([1, 2] as unknown as number[][]), /expected a non-empty number\[\]\[\]/],
  ['heatmap NaN', () => heatmap([[NaN]]), /element \[0\]\[0\] is not a finite number/],
  ['heatmap ragged', () => heatmap([[1, 2], [1]]), /row 1 does not have 2 values/],
  ['heatmap labels', () => heatmap([[1, 2]], { colLabels: ['a'] }), /1 labels for 2 entries/],
  ['slider without steps', () => heatmapSlider([]), /at least one step/],
  [
    'slider active out of range',
    () => heatmapSlider([{ label: 'a', matrix: [[1]] }], { active: 3 }),
    /active step 3 is out of range/,
  ],
  ['grid without panels', () => heatmapGrid([]), /at least one panel/],
];
describe('bad input', () => {
  for (const [name, fn, re] of BAD)
    test(name, () => assert.throws(fn, (e: unknown) => e instanceof InputError && re.test((e as Error).message)));
});
