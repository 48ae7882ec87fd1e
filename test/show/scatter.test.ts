import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scatterFigure, scatterPanels, vectorsFigure } from '../../src/show/scatter';
import { InputError } from '../../src/core/validate';

describe('scatter figures', () => {
  test('one trace per group, digits in numeric order, 3-D as scatter3d', () => {
    const fig = scatterFigure(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { groups: [10, 2, 10] },
    );
    assert.deepEqual(
      fig.data.map((t) => t.name),
      ['2', '10'],
    );
    assert.deepEqual(fig.data[1].x, [0, 2]);
    assert.equal(scatterFigure([[0, 0, 0]]).data[0].type, 'scatter3d');
  });
  test('panels share colours and legend entries', () => {
    const fig = scatterPanels([
      {
        points: [
          [0, 0],
          [1, 1],
        ],
        groups: ['a', 'b'],
        title: 'one',
      },
      {
        points: [
          [0, 0],
          [1, 1],
        ],
        groups: ['a', 'b'],
        title: 'two',
      },
    ]);
    assert.equal(fig.data.length, 4);
    assert.equal((fig.data[0].marker as { color: string }).color, (fig.data[2].marker as { color: string }).color);
    assert.equal(fig.data[2].xaxis, 'x2');
  });
  test('vectors with a distance and an angle', () => {
    const fig = vectorsFigure(
      [
        [3, 2, 5],
        [4, 5, 2],
      ],
      ['a', 'b'],
      { fromOrigin: true, segments: [{ from: 0, to: 1, label: 'd' }], angle: { a: 0, b: 1, label: 'θ' } },
    );
    assert.ok(fig.data.some((t) => Array.isArray(t.text) && (t.text as string[])[0] === 'θ'));
    assert.ok(JSON.stringify(fig).length < 20000);
  });
  test('bad input', () => {
    assert.throws(() => scatterFigure([[1, 2, 3, 4]]), InputError);
    assert.throws(() => scatterFigure([[1, 2], [3]]), /point 1/);
    assert.throws(() => scatterFigure([[1, 2]], { groups: ['a', 'b'] }), /2 groups for 1 points/);
    assert.throws(() => vectorsFigure([[1, 2]], ['a', 'b']), InputError);
    assert.throws(() => scatterPanels([]), InputError);
  });
});
