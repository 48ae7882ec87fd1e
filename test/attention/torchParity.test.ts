// src/attention against torch (test/golden/gen_attention_torch.py): parity with the
// reference implementation, not with our own earlier output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  flashAttention,
  multiHeadAttention,
  scaledDotProductAttention,
  simpleAttention,
  slidingWindowMask,
} from '../../src/attention';
import { attentionKernel } from '../../src/attention/fusedKernel';
import { tf } from '../../src/core/backend';
import { maxAbsDiff, nullToNegInf } from './_helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const golden: any = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', 'attention_torch.json'), 'utf8'));
const TOL = 1e-5;

test('golden file was made by torch', () => {
  assert.match(golden.generated_by.torch, /^\d+\.\d+/);
  assert.ok(golden.sdpa.length >= 10);
});

for (const c of golden.sdpa) {
  test(`scaled_dot_product_attention: ${c.name}`, (t) => {
    const { query, key, value } = golden.inputs[c.inputs];
    const mask = c.mask === null ? undefined : nullToNegInf(c.mask);
    const scale = c.scale === null ? undefined : c.scale;
    const { output, weights } = scaledDotProductAttention(query, key, value, {
      mask: mask as number[][],
      isCausal: c.is_causal,
      scale,
    });
    const dOut = maxAbsDiff(output, c.output);
    const dW = maxAbsDiff(weights, c.weights);
    t.diagnostic(`max |output - torch| = ${dOut.toExponential(2)}, max |weights - torch| = ${dW.toExponential(2)}`);
    assert.ok(dOut <= TOL, `output differs by ${dOut}`);
    assert.ok(dW <= TOL, `weights differ by ${dW}`);
    tf.dispose([output, weights]);
  });
}

for (const c of golden.sdpa.filter((s: { mask: unknown }) => s.mask === null)) {
  test(`flashAttention vs torch: ${c.name}`, (t) => {
    const { query, key, value } = golden.inputs[c.inputs];
    const scale = c.scale === null ? undefined : c.scale;
    for (const [Br, Bc] of [
      [2, 3],
      [4, 4],
      [16, 16],
    ]) {
      const output = flashAttention(query, key, value, {
        isCausal: c.is_causal,
        scale,
        blockSizeQ: Br,
        blockSizeK: Bc,
      });
      const d = maxAbsDiff(output, c.output);
      t.diagnostic(`Br=${Br} Bc=${Bc}: max |output - torch| = ${d.toExponential(2)}`);
      assert.ok(d <= TOL, `differs by ${d}`);
      output.dispose();
    }
  });
}

for (const c of golden.sdpa) {
  test(`flashAttention with its mask vs torch (default path: ${attentionKernel().kernel}): ${c.name}`, (t) => {
    const { query, key, value } = golden.inputs[c.inputs];
    const mask = c.mask === null ? undefined : nullToNegInf(c.mask);
    const scale = c.scale === null ? undefined : c.scale;
    const output = flashAttention(query, key, value, { mask: mask as number[][], isCausal: c.is_causal, scale });
    const d = maxAbsDiff(output, c.output);
    t.diagnostic(`max |output - torch| = ${d.toExponential(2)}`);
    assert.ok(d <= TOL, `differs by ${d}`);
    output.dispose();
  });
}

test('flashAttention({ window: 3 }) equals torch given slidingWindowMask(7, 3)', () => {
  const c = golden.sdpa.find((s: { name: string }) => s.name === 'sliding_window_3');
  const { query, key, value } = golden.inputs[c.inputs];
  const output = flashAttention(query, key, value, { window: 3 });
  const d = maxAbsDiff(output, c.output);
  assert.ok(d <= TOL, `differs by ${d}`);
  output.dispose();
});

test('slidingWindowMask(7, 3) is the mask torch was given', () => {
  const c = golden.sdpa.find((s: { name: string }) => s.name === 'sliding_window_3');
  const mask = slidingWindowMask(7, 3);
  assert.deepEqual(
    mask.arraySync().map((r) => r.map(Boolean)),
    c.mask,
  );
  mask.dispose();
});

for (const c of golden.multi_head.cases) {
  test(`multi-head attention (explicit torch, = nn.MultiheadAttention): ${c.name}`, (t) => {
    const { W_Q, W_K, W_V, W_O } = golden.multi_head.weights;
    const X = golden.multi_head.X[c.X];
    const { output, weights } = multiHeadAttention(
      X,
      { W_Q, W_K, W_V, W_O, numHeads: golden.multi_head.numHeads },
      { isCausal: c.is_causal },
    );
    const dOut = maxAbsDiff(output, c.output);
    const dW = maxAbsDiff(weights, c.weights);
    t.diagnostic(`max |output - torch| = ${dOut.toExponential(2)}, max |weights - torch| = ${dW.toExponential(2)}`);
    assert.ok(dOut <= TOL && dW <= TOL, `differs by ${dOut} / ${dW}`);
    tf.dispose([output, weights]);
  });
}

test('simpleAttention: softmax(X X^T) X as torch computes it', (t) => {
  const s = golden.simple;
  const r = simpleAttention(s.X);
  const d = [maxAbsDiff(r.scores, s.scores), maxAbsDiff(r.weights, s.weights), maxAbsDiff(r.output, s.output)];
  t.diagnostic(
    `max diff scores ${d[0].toExponential(2)}, weights ${d[1].toExponential(2)}, output ${d[2].toExponential(2)}`,
  );
  assert.ok(
    d.every((x) => x <= TOL),
    `differs by ${d}`,
  );
  tf.dispose(r);
});
