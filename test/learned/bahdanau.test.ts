// Bahdanau's additive attention trained on dates (src/learned/bahdanau.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf } from '../../src/core/backend';
import { dateFields } from '../../src/datasets/dates';
import { trainBahdanau } from '../../src/learned/bahdanau';

test('trained, it writes held-out dates in ISO form; year digits look at the year; nothing leaks', () => {
  const start = tf.memory().numTensors;
  const r = trainBahdanau({ testSize: 200, snapshotSteps: [0, 100], alignmentSample: 50 });
  assert.equal(tf.memory().numTensors, start);
  assert.ok(r.accuracy >= 0.95, `held-out accuracy ${r.accuracy}`);
  // Alignments: one row per ISO character, one column per input character, rows sum to 1.
  for (const { pair, alignment } of r.heldOutAlignments) {
    assert.equal(alignment.length, 10);
    for (const row of alignment) {
      assert.equal(row.length, pair.human.length);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    }
  }
  let onYear = 0;
  for (const { pair, alignment } of r.heldOutAlignments) {
    const [a, b] = dateFields(pair.human).year;
    for (let i = 0; i < 4; i++) onYear += alignment[i].slice(a, b).reduce((s, w) => s + w, 0);
  }
  onYear /= 4 * r.heldOutAlignments.length;
  assert.ok(onYear > 0.8, `year digits put ${onYear} of their weight on the input year`);
  // It sharpened: the largest weight of a row grew during training.
  const sharp = (k: number) => {
    const rows = r.snapshots[k].alignments.flat();
    return rows.reduce((s, row) => s + Math.max(...row), 0) / rows.length;
  };
  assert.ok(sharp(1) > sharp(0) + 0.2, `${sharp(0)} -> ${sharp(1)}`);
  assert.deepEqual(
    r.snapshots.map((s) => s.step),
    [0, 100],
  );
});

test('the same numbers on two runs', () => {
  const options = { steps: 5, trainSize: 300, testSize: 50, snapshotSteps: [0, 5] };
  assert.deepEqual(trainBahdanau(options), trainBahdanau(options));
});

test('trainBahdanau: bad options are named', () => {
  assert.throws(() => trainBahdanau({ learningRate: -1 }), /learningRate/);
  assert.throws(() => trainBahdanau({ probes: 9, testSize: 5 }), /9 probes > 5 test dates/);
  assert.throws(() => trainBahdanau({ hidden: 0 }), /hidden/);
  assert.throws(() => trainBahdanau([] as never), /trainBahdanau/);
});
