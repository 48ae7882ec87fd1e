import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pyFloatRepr, pyFormatFixed, pyList, pyStrRepr } from '../../src/lessons/pythonFormat';
import { InputError } from '../../src/core/validate';

// Expected strings printed by CPython 3.11 (repr(x), f'{x:.{d}f}', repr(s)).
describe('pyFloatRepr: Python repr() of a float', () => {
  const cases: Array<[number, string]> = [
    [1.0, '1.0'],
    [-1.0, '-1.0'],
    [0.1, '0.1'],
    [10.100000000000001, '10.100000000000001'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    // eslint-disable-next-line no-loss-of-precision -- the literal Python's float() rounds, on purpose
    [123456789012345678, '1.2345678901234568e+17'],
    [-0, '-0.0'],
    [0, '0.0'],
    [0.1 * 23, '2.3000000000000003'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.1 + 0.2, '0.30000000000000004'],
    [12345.678, '12345.678'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ];
  for (const [x, s] of cases) test(`${s}`, () => assert.equal(pyFloatRepr(x), s));
  test('bad input', () => assert.throws(() => pyFloatRepr('1' as unknown as number), InputError));
});

describe("pyFormatFixed: Python f'{x:.nf}' (half to even on the exact value)", () => {
  const cases: Array<[number, number, string]> = [
    [0.0625, 3, '0.062'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [-0.0001, 3, '-0.000'],
    [0.18, 3, '0.180'],
    [0.04, 3, '0.040'],
    [1.005, 2, '1.00'],
    [123.456, 1, '123.5'],
    [-2.675, 2, '-2.67'],
    [0.5, 0, '0'],
    [1e22, 2, '10000000000000000000000.00'],
  ];
  for (const [x, d, s] of cases) test(`${x} to ${d} digits is ${s}`, () => assert.equal(pyFormatFixed(x, d), s));
  test('bad input', () => {
    assert.throws(() => pyFormatFixed(1, -1), InputError);
    assert.throws(() => pyFormatFixed(1, 1.5), InputError);
    assert.throws(() => pyFormatFixed(null as unknown as number, 2), InputError);
  });
});

describe('pyStrRepr and pyList', () => {
  test('quotes as Python chooses them', () => {
    assert.equal(pyStrRepr("it's"), `"it's"`);
    assert.equal(pyStrRepr('say "hi"'), `'say "hi"'`);
    assert.equal(pyStrRepr(`both ' and "`), `'both \\' and "'`);
    assert.equal(pyStrRepr('back\\slash'), `'back\\\\slash'`);
    assert.equal(pyStrRepr('new\nline'), `'new\\nline'`);
    assert.equal(pyStrRepr('新年'), `'新年'`);
  });
  test('a list', () => {
    assert.equal(pyList(['1', '2']), '[1, 2]');
    assert.equal(pyList([]), '[]');
    assert.throws(() => pyList('x' as unknown as string[]), InputError);
    assert.throws(() => pyStrRepr(3 as unknown as string), InputError);
  });
});
