// Dates as people write them, paired with their ISO form ('saturday 9 may 2018' ->
// '2018-05-09'): the translation task of notebook 06's Bahdanau attention. Seeded, several
// formats, and split by date, so a held-out example is a date never seen in training.
import { seededRandom } from '../core/random';
import { InputError, checkInteger } from '../core/validate';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The formats, each a function of (year, month 1-12, day, weekday 0-6). */
export const DATE_FORMATS: Array<{ name: string; write: (y: number, m: number, d: number, w: number) => string }> = [
  { name: 'saturday 9 may 2018', write: (y, m, d, w) => `${WEEKDAYS[w]} ${d} ${MONTHS[m - 1]} ${y}` },
  { name: '9 may 2018', write: (y, m, d) => `${d} ${MONTHS[m - 1]} ${y}` },
  { name: 'may 9, 2018', write: (y, m, d) => `${MONTHS[m - 1]} ${d}, ${y}` },
  {
    name: 'sat 09 may 2018',
    write: (y, m, d, w) => `${WEEKDAYS[w].slice(0, 3)} ${pad(d)} ${MONTHS[m - 1].slice(0, 3)} ${y}`,
  },
  { name: '09.05.2018', write: (y, m, d) => `${pad(d)}.${pad(m)}.${y}` },
];

export interface DatePair {
  /** As a person writes it, e.g. 'saturday 9 may 2018'. */
  human: string;
  /** ISO 8601, e.g. '2018-05-09'. */
  iso: string;
}

/** Every character the human forms use, in a fixed order (index 0 is padding). */
export const DATE_INPUT_CHARS = ['<pad>', ...' ,.0123456789abcdefghijklmnopqrstuvwxyz'];
/** The ISO form's characters (index 0 starts the decoder). */
export const DATE_OUTPUT_CHARS = ['<start>', ...'-0123456789'];

/**
 * `count` distinct dates between `fromYear` and `toYear` (inclusive), each written in a
 * seeded random format; the first `trainCount` dates for training, the rest never among them.
 */
export function datePairs(
  count: number,
  trainCount: number,
  seed: number,
  fromYear = 1950,
  toYear = 2049,
): { train: DatePair[]; test: DatePair[] } {
  checkInteger(count, 'datePairs count');
  checkInteger(trainCount, 'datePairs trainCount', 0);
  checkInteger(seed, 'datePairs seed', 0);
  checkInteger(fromYear, 'datePairs fromYear');
  checkInteger(toYear, 'datePairs toYear');
  if (trainCount > count) throw new InputError(`datePairs: trainCount ${trainCount} > count ${count}`);
  const first = Date.UTC(fromYear, 0, 1) / 86400000;
  const days = Date.UTC(toYear + 1, 0, 1) / 86400000 - first;
  if (count > days / 2) throw new InputError(`datePairs: ${count} distinct dates from ${days} days is too many`);
  const rand = seededRandom(seed);
  const seen = new Set<number>();
  const pairs: DatePair[] = [];
  while (pairs.length < count) {
    const day = first + Math.floor(rand() * days);
    const format = DATE_FORMATS[Math.floor(rand() * DATE_FORMATS.length)];
    if (seen.has(day)) continue;
    seen.add(day);
    const t = new Date(day * 86400000);
    const [y, m, d, w] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCDay()];
    pairs.push({ human: format.write(y, m, d, w), iso: `${y}-${pad(m)}-${pad(d)}` });
  }
  return { train: pairs.slice(0, trainCount), test: pairs.slice(trainCount) };
}

/** Where the year, month and day are written in a human date: [start, end) character ranges. */
export function dateFields(human: string): Record<'year' | 'month' | 'day', [number, number]> {
  if (typeof human !== 'string') throw new InputError(`dateFields: expected a string, got ${typeof human}`);
  const year = /(\d{4})$/.exec(human);
  const dotted = /^(\d{2})\.(\d{2})\.\d{4}$/.exec(human);
  if (dotted) return { day: [0, 2], month: [3, 5], year: [6, 10] };
  const month = /[a-z]+/g;
  let monthAt: [number, number] | undefined;
  for (let m = month.exec(human); m; m = month.exec(human))
    if (m[0].length >= 3 && MONTHS.some((name) => name.startsWith(m![0]))) monthAt = [m.index, m.index + m[0].length];
  const day = /(?:^|\D)(\d{1,2})(?!\d)/.exec(human);
  if (!year || !monthAt || !day)
    throw new InputError(`dateFields: '${human}' is not in one of the formats of DATE_FORMATS`);
  const dayStart = day.index + day[0].length - day[1].length;
  return { year: [year.index, year.index + 4], month: monthAt, day: [dayStart, dayStart + day[1].length] };
}
