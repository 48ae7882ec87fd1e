// The fused attention kernel (src/attention/fusedKernel.ts) against the tfjs-op path, and the
// fallback: with ATTENTION_LAB_FUSED=0 the same tests must pass on tfjs ops.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { flashAttention, scaledDotProductAttention } from '../../src/attention';
import { FUSED_BUILD_DIR, attentionKernel } from '../../src/attention/fusedKernel';
import { describeBackend, tf } from '../../src/core/backend';
import { randomNormal } from '../../src/core/random';
import { assertInputError, assertNoLeak, maxAbsDiff } from './_helpers';

const TOL = 1e-5;
const forcedOff = process.env.ATTENTION_LAB_FUSED === '0';

describe('which attention kernel runs', () => {
  test('the fused kernel when npm install built it, tfjs ops when forced off; describeBackend says which', () => {
    const built = fs.existsSync(path.join(FUSED_BUILD_DIR, 'build.json'));
    const s = attentionKernel();
    if (forcedOff) {
      assert.equal(s.kernel, 'tfjs-ops');
      assert.match(describeBackend(), /attention: tfjs ops \(ATTENTION_LAB_FUSED=0\)/);
    } else if (built) {
      assert.equal(s.kernel, 'fused', `built but not used: ${s.detail}`);
      assert.match(
        describeBackend(),
        /attention: fused C\+\+ kernel \((dnnl|openblas) [^ ]+ sgemm, TensorFlow 2\.21\.0\)/,
      );
    } else {
      assert.equal(s.kernel, 'tfjs-ops');
    }
  });
});

describe(`flashAttention's default path (${forcedOff ? 'tfjs ops, forced' : 'fused when built'}) equals plain attention`, () => {
  // Sizes over several 64-query x 256-key tiles, a last partial tile each way.
  const q = randomNormal([2, 3, 130, 16], 71, 0, 2);
  const k = randomNormal([2, 3, 300, 16], 72, 0, 2);
  const v = randomNormal([2, 3, 300, 12], 73);
  const cases: Array<[string, Parameters<typeof flashAttention>[3], Parameters<typeof scaledDotProductAttention>[3]]> =
    [
      ['no mask', {}, {}],
      ['causal', { isCausal: true }, { isCausal: true }],
      ['scale 0.7', { scale: 0.7 }, { scale: 0.7 }],
    ];
  for (const [name, flashOpts, plainOpts] of cases) {
    test(name, () => {
      const a = flashAttention(q, k, v, flashOpts);
      const b = scaledDotProductAttention(q, k, v, plainOpts);
      const d = maxAbsDiff(a, b.output);
      assert.ok(d <= TOL, `differs by ${d}`);
      tf.dispose([a, b]);
    });
  }

  test('masks: per-head float mask, boolean key padding with fully hidden rows, both with causal', () => {
    const floatMask = randomNormal([3, 130, 300], 74); // broadcast over the batch
    const padding = tf.tidy(() => tf.greater(randomNormal([2, 1, 130, 300], 75), -1.2)); // some keys hidden per query
    const hiddenRows = tf.tidy(() =>
      tf.concat([tf.zeros([2, 1, 5, 300], 'bool'), tf.ones([2, 1, 125, 300], 'bool')], 2),
    );
    for (const mask of [floatMask, padding, hiddenRows])
      for (const isCausal of [false, true]) {
        const a = flashAttention(q, k, v, { mask, isCausal });
        const b = scaledDotProductAttention(q, k, v, { mask, isCausal });
        const d = maxAbsDiff(a, b.output);
        assert.ok(d <= TOL, `mask [${mask.shape}], causal ${isCausal}: differs by ${d}`);
        tf.dispose([a, b]);
      }
    // Rows that see no key give zeros, as scaledDotProductAttention's.
    const out = flashAttention(q, k, v, { mask: hiddenRows });
    assert.equal(
      tf.tidy(() => tf.max(tf.abs(tf.slice(out, [0, 0, 0, 0], [-1, -1, 5, -1]))).dataSync()[0]),
      0,
    );
    tf.dispose([floatMask, padding, hiddenRows, out]);
  });

  test('sliding window equals the tfjs-op tiles, with and without a mask', () => {
    const qs = tf.slice(k, [0, 0, 0, 0], [2, 3, 290, 16]);
    const mask = randomNormal([290, 300], 76);
    for (const window of [1, 50, 257, 400]) {
      const a = flashAttention(qs, k, v, { window });
      const b = flashAttention(qs, k, v, { window, blockSizeQ: 32, blockSizeK: 40 }); // tfjs ops
      assert.ok(maxAbsDiff(a, b) <= TOL, `window ${window}`);
      const am = flashAttention(qs, k, v, { window, mask });
      const windowMask = tf.tidy(() => {
        const i = tf.reshape(tf.range(0, 290, 1, 'int32'), [290, 1]);
        const j = tf.reshape(tf.range(0, 300, 1, 'int32'), [1, 300]);
        return tf.logicalAnd(tf.lessEqual(j, i), tf.greater(j, tf.sub(i, window)));
      });
      const bm = scaledDotProductAttention(qs, k, v, { mask: tf.add(mask, tf.log(tf.cast(windowMask, 'float32'))) });
      assert.ok(maxAbsDiff(am, bm.output) <= TOL, `window ${window} with a mask`);
      tf.dispose([a, b, am, bm, windowMask]);
    }
    tf.dispose([qs, mask]);
  });

  test('the same clear errors as scaledDotProductAttention for bad input', () => {
    assertInputError(
      () => flashAttention(q, k, v, { mask: tf.ones([130, 299]) }),
      /flashAttention mask: shape \[130, 299\] does not broadcast/,
    );
    assertInputError(() => flashAttention([[NaN, 1]], [[1, 1]], [[1, 1]]), /flashAttention query/, /NaN/);
    assertInputError(
      () => flashAttention(q, k, v, { mask: 'x' as never }),
      /flashAttention mask: expected a tensor or nested arrays/,
    );
  });

  test('no tensor leaks', () => {
    const mask = tf.ones([130, 300], 'bool');
    const badMask = tf.ones([7]);
    assertNoLeak(() => flashAttention(q, k, v, { isCausal: true }), 3);
    assertNoLeak(() => flashAttention(q, k, v, { mask, window: 20 }), 3);
    assertNoLeak(() => flashAttention(q, k, v, { mask: badMask }), 3); // an InputError
    tf.dispose([mask, badMask]);
  });

  test('two calls at once give the same numbers, bit for bit', async () => {
    const calls = [0, 1].map(() => flashAttention(q, k, v, { isCausal: true }));
    const [a, b] = await Promise.all(calls.map((t) => t.data()));
    assert.deepEqual(Array.from(a), Array.from(b));
    tf.dispose(calls);
  });

  after(() => tf.dispose([q, k, v]));
});

if (!forcedOff)
  test('with ATTENTION_LAB_FUSED=0 the attention tests pass on tfjs ops, after one line saying so', () => {
    const dir = path.join(__dirname);
    const env: NodeJS.ProcessEnv = { ...process.env, ATTENTION_LAB_FUSED: '0', TF_CPP_MIN_LOG_LEVEL: '3' };
    delete env.NODE_TEST_CONTEXT; // a test runner of its own, not a child reporting to this one
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', path.join(dir, 'fusedKernel.test.ts'), path.join(dir, 'torchParity.test.ts')],
      { encoding: 'utf8', env },
    );
    const out = `${res.stdout}${res.stderr}`;
    assert.equal(
      res.status,
      0,
      out
        .split('\n')
        .filter((l) => /not ok|Error/.test(l))
        .join('\n'),
    );
    assert.match(out, /fused attention kernel not used \(ATTENTION_LAB_FUSED=0\); attention runs on tfjs ops/);
    assert.match(out, /# fail 0/);
  });
