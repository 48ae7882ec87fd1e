import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { barChart, barSlider, lineChart } from '../../src/show/charts';
import { figureBundle } from '../../src/show/display';

describe('bar and line charts', () => {
  test('barChart: grouped series, repeated labels made distinct, serialisable', () => {
    const f = barChart(
      ['is', 'a', 'is'],
      [
        { name: 'w', values: [0.04, 0.02, 0.04] },
        { name: 'v', values: [1, 2, 3] },
      ],
      { yRange: [0, 1] },
    );
    assert.equal(f.data.length, 2);
    assert.deepEqual(f.data[0].x, ['is', 'a', 'is (2)']);
    assert.deepEqual(f.data[0].text, ['0.040', '0.020', '0.040']);
    assert.equal((f.layout as { showlegend: boolean }).showlegend, true);
    assert.match(String(figureBundle(f).data['text/plain']), /2 traces/);
  });
  test('barSlider: one trace per step, only the active one visible', () => {
    const f = barSlider(
      ['a', 'b'],
      [
        { label: '1', values: [0.5, 0.5] },
        { label: '2', values: [0.9, 0.1], note: 'T = 2' },
      ],
      { active: 1 },
    );
    assert.deepEqual(
      f.data.map((d) => d.visible),
      [false, true],
    );
    const sliders = (f.layout as { sliders: Array<{ steps: unknown[]; active: number }> }).sliders;
    assert.equal(sliders[0].steps.length, 2);
    assert.equal(sliders[0].active, 1);
    assert.match(JSON.stringify(f.layout), /T = 2/);
  });
  test('lineChart: log axes', () => {
    const f = lineChart([{ name: 'N^2', x: [1, 2, 4], y: [1, 4, 16] }], { logX: true, logY: true });
    assert.equal((f.layout as { xaxis: { type: string } }).xaxis.type, 'log');
    assert.equal((f.layout as { yaxis: { exponentformat: string } }).yaxis.exponentformat, 'power');
  });
  test('bad input', () => {
    assert.throws(() => barChart([], [{ name: 'w', values: [] }]), InputError);
    assert.throws(() => barChart(['a'], []), /at least one series/);
    assert.throws(() => barChart(['a', 'b'], [{ name: 'w', values: [1] }]), /expected 2 values/);
    assert.throws(() => barChart(['a'], [{ name: 'w', values: [NaN] }]), /not a finite number/);
    assert.throws(() => barSlider(['a'], [{ label: '1', values: [1] }], { active: 3 }), /out of range/);
    assert.throws(() => barSlider(['a'], []), /at least one step/);
    assert.throws(() => lineChart([{ name: 's', x: [0, 1], y: [1, 2] }], { logX: true }), /log x axis/);
    assert.throws(() => lineChart([{ name: 's', x: [1, 2], y: [1] }]), /expected 2 values/);
    assert.throws(() => lineChart([]), InputError);
  });
});
