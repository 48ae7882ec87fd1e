// The grids of attention maps notebook 06 draws: heads side by side with a slider over
// layers or training steps, and the layers × heads "model view".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { weightsHeatmapGridSlider, weightsHeatmapRows } from '../../src/show/heatmaps';

const I = [
  [1, 0],
  [0, 1],
];
const J = [
  [0, 1],
  [1, 0],
];

test('grid slider: every panel of every step is a trace; only the active step is visible', () => {
  const fig = weightsHeatmapGridSlider(
    [
      {
        label: 'layer 0',
        panels: [
          { matrix: I, title: 'head 0', rowLabels: ['a', 'b'] },
          { matrix: J, title: 'head 1' },
        ],
      },
      {
        label: 'layer 1',
        panels: [
          { matrix: J, title: 'head 0' },
          { matrix: I, title: 'head 1' },
        ],
      },
    ],
    { active: 1, title: 'heads' },
  );
  assert.equal(fig.data.length, 4);
  assert.deepEqual(
    fig.data.map((t) => t.visible),
    [false, false, true, true],
  );
  assert.deepEqual(
    fig.data.map((t) => t.xaxis),
    ['x1', 'x2', 'x1', 'x2'],
  );
  assert.deepEqual(fig.data[2].z, J);
  assert.ok(fig.data.every((t) => t.zmin === 0 && t.zmax === 1 && t.reversescale === true));
  const steps = (fig.layout?.sliders as Array<{ steps: Array<{ args: Array<{ visible?: boolean[] }> }> }>)[0].steps;
  assert.deepEqual(steps[0].args[0].visible, [true, true, false, false]);
  assert.deepEqual(steps[1].args[0].visible, [false, false, true, true]);
});

test('grid slider: bad input names the problem', () => {
  assert.throws(() => weightsHeatmapGridSlider([]), InputError);
  assert.throws(
    () =>
      weightsHeatmapGridSlider([
        { label: 'a', panels: [{ matrix: I, title: 'h' }] },
        {
          label: 'b',
          panels: [
            { matrix: I, title: 'h' },
            { matrix: I, title: 'g' },
          ],
        },
      ]),
    /step 1 has 2 panels, expected 1/,
  );
  assert.throws(
    () => weightsHeatmapGridSlider([{ label: 'a', panels: [{ matrix: I, title: 'h', zmax: 2 } as never] }]),
    /zmax is fixed/,
  );
  assert.throws(
    () => weightsHeatmapGridSlider([{ label: 'a', panels: [{ matrix: I, title: 'h' }] }], { active: 3 }),
    /out of range/,
  );
});

test('model view: one panel per layer and head, each on its own axes, rows stacked top to bottom', () => {
  const fig = weightsHeatmapRows([
    {
      title: 'layer 0',
      panels: [
        { matrix: I, title: 'head 0' },
        { matrix: J, title: 'head 1' },
      ],
    },
    {
      title: 'layer 1',
      panels: [
        { matrix: J, title: 'head 0' },
        { matrix: I, title: 'head 1' },
      ],
    },
  ]);
  assert.equal(fig.data.length, 4);
  assert.deepEqual(
    fig.data.map((t) => [t.xaxis, t.yaxis]),
    [
      ['x1', 'y1'],
      ['x2', 'y2'],
      ['x3', 'y3'],
      ['x4', 'y4'],
    ],
  );
  const y1 = (fig.layout?.yaxis1 as { domain: number[] }).domain;
  const y3 = (fig.layout?.yaxis3 as { domain: number[] }).domain;
  assert.ok(y1[0] > y3[1], 'layer 0 sits above layer 1');
  assert.equal((fig.layout?.annotations as unknown[]).length, 4);
  assert.throws(() => weightsHeatmapRows([{ title: 'x', panels: [] }]), /row 0 has 0 panels/);
});
