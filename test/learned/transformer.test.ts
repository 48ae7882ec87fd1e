// The Transformer block against torch (test/golden/gen_transformer_torch.py), and the
// reversal Transformer trained from it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { antiDiagonalWeight } from '../../src/attention/headPatterns';
import { tf } from '../../src/core/backend';
import { InputError } from '../../src/core/validate';
import { reversalData, trainReversal } from '../../src/learned/reversal';
import { layerNorm, sinusoidalPositions, transformerBlock } from '../../src/learned/transformer';
import { maxAbsDiff } from '../attention/_helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const golden: any = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', 'transformer_torch.json'), 'utf8'));
const TOL = 1e-5;

test('golden file was made by torch, checked against nn.TransformerEncoderLayer', () => {
  assert.match(golden.generated_by.torch, /^\d+\.\d+/);
  assert.match(golden.source, /TransformerEncoderLayer\(norm_first=True/);
  assert.equal(golden.cases.length, 2);
});

for (const c of golden.cases) {
  test(`transformerBlock equals torch's pre-norm block within 1e-5: ${c.name}`, (t) => {
    const start = tf.memory().numTensors;
    const { output, weights } = transformerBlock(
      golden.X,
      { ...golden.weights, numHeads: golden.numHeads },
      { isCausal: c.is_causal },
    );
    const dOut = maxAbsDiff(output, c.output);
    const dW = maxAbsDiff(weights, c.weights);
    t.diagnostic(`max |output − torch| = ${dOut.toExponential(2)}, max |weights − torch| = ${dW.toExponential(2)}`);
    assert.ok(dOut <= TOL, `output differs by ${dOut}`);
    assert.ok(dW <= TOL, `weights differ by ${dW}`);
    tf.dispose([output, weights]);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('layerNorm: zero mean, unit variance rows before gamma and beta; bad shapes are named', () => {
  const y = layerNorm([[1, 2, 3, 6]], [1, 1, 1, 1], [0, 0, 0, 0]);
  const [mean, variance] = tf.tidy(() => {
    const m = tf.moments(y, -1);
    return [m.mean.dataSync()[0], m.variance.dataSync()[0]];
  });
  assert.ok(Math.abs(mean) < 1e-6 && Math.abs(variance - 1) < 1e-4);
  y.dispose();
  assert.throws(() => layerNorm([[1, 2]], [1], [0]), /gamma and beta must have shape \[2\]/);
  assert.throws(() => transformerBlock([[1, 2]], null as never), InputError);
});

test('sinusoidal positions: sin on even, cos on odd features, position 0 = [0, 1, 0, 1, ...]', () => {
  const p = sinusoidalPositions(3, 4);
  const rows = p.arraySync();
  p.dispose();
  assert.deepEqual(rows[0], [0, 1, 0, 1]);
  assert.ok(Math.abs(rows[1][0] - Math.sin(1)) < 1e-6 && Math.abs(rows[1][3] - Math.cos(1 / 100)) < 1e-6);
  assert.throws(() => sinusoidalPositions(0, 4), InputError);
});

test('reversal data: distinct seeded sequences and their reversals', () => {
  const a = reversalData(50, 6, 10, 3);
  assert.deepEqual(a, reversalData(50, 6, 10, 3));
  assert.equal(new Set(a.inputs.map((s) => s.join())).size, 50);
  assert.deepEqual(a.targets[0], [...a.inputs[0]].reverse());
  assert.throws(() => reversalData(100, 2, 3, 1), /too many/);
});

test('trained with positions it reverses held-out sequences, the same on two runs; without positions it cannot', () => {
  const start = tf.memory().numTensors;
  const options = { length: 6, steps: 120, trainSize: 1000, testSize: 200, snapshotSteps: [0, 120] };
  const a = trainReversal(options);
  const b = trainReversal(options);
  assert.ok(a.accuracy >= 0.95, `held-out accuracy ${a.accuracy}`);
  assert.deepEqual(a, b);
  // The heads moved their weight onto the anti-diagonal during training.
  const anti = (step: number) =>
    Math.max(...(a.snapshots.find((s) => s.step === step)?.weights[0] ?? []).map((h) => antiDiagonalWeight(h)));
  assert.ok(anti(120) > anti(0) + 0.3, `anti-diagonal weight ${anti(0)} -> ${anti(120)}`);
  const noPositions = trainReversal({ ...options, positional: false, snapshotSteps: [] });
  assert.ok(noPositions.accuracy < 0.2, `without positions: ${noPositions.accuracy}`);
  assert.equal(tf.memory().numTensors, start);
});

test('trainReversal: bad options are named', () => {
  assert.throws(() => trainReversal({ numHeads: 3 }), /dModel 32 does not split into 3 heads/);
  assert.throws(() => trainReversal({ learningRate: 0 }), /learningRate/);
  assert.throws(() => trainReversal({ steps: -1 }), /steps/);
  assert.throws(() => trainReversal(null as never), /expected an options object/);
});
