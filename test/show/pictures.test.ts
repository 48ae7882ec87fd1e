import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { anglePanels, imageRow } from '../../src/show/pictures';

describe('pictures', () => {
  test('images side by side and angle panels', () => {
    assert.equal(imageRow([{ image: [[[255, 0, 0]]], title: 'red' }]).data[0].type, 'image');
    assert.equal(anglePanels([{ a: [1, 0], b: [0, 1], title: '90' }]).data.length, 2);
  });
});

const BAD: Array<[string, () => unknown, RegExp]> = [
  ['no images', () => imageRow([]), /at least one image/],
  ['no angle pairs', () => anglePanels([]), /at least one pair/],
];
describe('bad input', () => {
  for (const [name, fn, re] of BAD)
    test(name, () => assert.throws(fn, (e: unknown) => e instanceof InputError && re.test((e as Error).message)));
});
