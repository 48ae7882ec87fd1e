import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { formatBytes, formatCount, formatMs } from '../../src/show/format';

describe('formatBytes', () => {
  test('KiB, MiB and GiB in powers of 2, one digit', () => {
    assert.equal(formatBytes(0), '0.0 KiB');
    assert.equal(formatBytes(512), '0.5 KiB');
    assert.equal(formatBytes(4 * (256 * 256 + 2 * 512)), '260.0 KiB'); // notebook 03: a tile and m, ℓ at N = 512
    assert.equal(formatBytes(2 ** 20 - 1), '1024.0 KiB');
    assert.equal(formatBytes(2 ** 20), '1.0 MiB');
    assert.equal(formatBytes(4 * 4096 * 4096), '64.0 MiB');
    assert.equal(formatBytes(4 * 131072 * 131072), '64.0 GiB'); // notebook 03: N × N scores at N = 131,072
  });
  test('gibDigits: two digits for GiB only (notebook 05)', () => {
    assert.equal(formatBytes(8 * 4 * 16384 * 16384, { gibDigits: 2 }), '8.00 GiB');
    assert.equal(formatBytes(1.01 * 2 ** 30, { gibDigits: 2 }), '1.01 GiB');
    assert.equal(formatBytes(1.01 * 2 ** 30), '1.0 GiB');
    assert.equal(formatBytes(3.5 * 2 ** 20, { gibDigits: 2 }), '3.5 MiB', 'MiB keep one digit');
  });
});

describe('formatMs', () => {
  test('two digits below 10 ms, one below 1 s, then seconds with two', () => {
    assert.equal(formatMs(0.123), '0.12 ms');
    assert.equal(formatMs(9.994), '9.99 ms');
    assert.equal(formatMs(10), '10.0 ms');
    assert.equal(formatMs(263.26), '263.3 ms');
    assert.equal(formatMs(1000), '1.00 s');
    assert.equal(formatMs(12345), '12.35 s');
  });
});

describe('formatCount', () => {
  test('thousands separators', () => {
    assert.equal(formatCount(7), '7');
    assert.equal(formatCount(131072), '131,072');
    assert.equal(formatCount(17179869184), '17,179,869,184');
  });
});

const BAD: Array<[string, () => unknown, RegExp]> = [
  ['bytes NaN', () => formatBytes(NaN), /formatBytes: expected a finite number, got NaN/],
  ['bytes negative', () => formatBytes(-1), /formatBytes: expected a number >= 0, got -1/],
  ['bytes string', () => formatBytes('1' as never), /formatBytes: expected a finite number, got string/],
  ['gibDigits 1.5', () => formatBytes(1, { gibDigits: 1.5 }), /formatBytes gibDigits: expected an integer 0\.\.20/],
  ['ms Infinity', () => formatMs(Infinity), /formatMs: expected a finite number, got Infinity/],
  ['ms negative', () => formatMs(-0.5), /formatMs: expected a number >= 0/],
  ['count undefined', () => formatCount(undefined as never), /formatCount: expected a finite number, got undefined/],
];
describe('bad input', () => {
  for (const [name, fn, re] of BAD)
    test(name, () => assert.throws(fn, (e: unknown) => e instanceof InputError && re.test((e as Error).message)));
});
