import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/core/validate';
import { DATE_FORMATS, DATE_INPUT_CHARS, dateFields, datePairs } from '../../src/datasets/dates';

test('the formats write the same date five ways, with the right weekday', () => {
  // 9 May 2018 was a Wednesday (day 3); 20 July 1969 a Sunday (day 0).
  assert.deepEqual(
    DATE_FORMATS.map((f) => f.write(2018, 5, 9, new Date(Date.UTC(2018, 4, 9)).getUTCDay())),
    ['wednesday 9 may 2018', '9 may 2018', 'may 9, 2018', 'wed 09 may 2018', '09.05.2018'],
  );
});

test('seeded, distinct dates; held-out dates never among the training dates; ISO right', () => {
  const a = datePairs(600, 500, 4);
  assert.deepEqual(a, datePairs(600, 500, 4));
  assert.notDeepEqual(a, datePairs(600, 500, 5));
  assert.equal(a.train.length, 500);
  assert.equal(a.test.length, 100);
  const trainIso = new Set(a.train.map((p) => p.iso));
  assert.equal(trainIso.size, 500);
  assert.ok(a.test.every((p) => !trainIso.has(p.iso)));
  for (const p of [...a.train, ...a.test]) {
    assert.match(p.iso, /^(19[5-9]\d|20[0-4]\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
    assert.ok(
      Array.from(p.human).every((c) => DATE_INPUT_CHARS.includes(c)),
      p.human,
    );
    const f = dateFields(p.human);
    assert.equal(p.human.slice(...f.year), p.iso.slice(0, 4));
    assert.equal(Number(p.human.slice(...f.day)), Number(p.iso.slice(8)));
  }
  assert.ok(new Set(a.train.map((p) => p.human.replace(/\d+/g, '#').replace(/[a-z]+/g, 'w'))).size >= 4);
});

test('dateFields finds the year, month and day of every format', () => {
  assert.deepEqual(dateFields('saturday 9 may 2018'), { year: [15, 19], month: [11, 14], day: [9, 10] });
  assert.deepEqual(dateFields('09.05.2018'), { day: [0, 2], month: [3, 5], year: [6, 10] });
  assert.deepEqual(dateFields('may 19, 2018'), { year: [8, 12], month: [0, 3], day: [4, 6] });
  assert.throws(() => dateFields('yesterday'), /not in one of the formats/);
  assert.throws(() => dateFields(7 as never), InputError);
});

test('bad input: too many dates, trainCount over count', () => {
  assert.throws(() => datePairs(40000, 10, 1), /too many/);
  assert.throws(() => datePairs(10, 11, 1), /trainCount 11 > count 10/);
  assert.throws(() => datePairs(0, 0, 1), InputError);
});
