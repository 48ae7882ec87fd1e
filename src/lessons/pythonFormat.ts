// Python's way of printing numbers, strings and lists, so a notebook can show a
// document's program output character for character (document 003 prints
// `[10.100000000000001]` and `0.180`). JavaScript numbers are IEEE float64 like
// Python's float, so the values are the same; only the text differs:
//   repr(1.0) is '1.0' (JS: '1'), repr(1e-05) is '1e-05' (JS: '0.00001'),
//   f'{0.0625:.3f}' is '0.062' (round half to even; JS toFixed gives '0.063').
import { InputError } from '../core/validate';

function checkNumber(x: unknown, fn: string): number {
  if (typeof x !== 'number') throw new InputError(`${fn}: expected a number, got ${typeof x}`);
  return x;
}

/** Python's repr() of a float: shortest round-trip digits, '.0' on whole numbers, exponent below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  checkNumber(x, 'pyFloatRepr');
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() with no argument gives the shortest digits that round-trip, as repr does.
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp); // x = d.ddd * 10^e
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const ee = Math.abs(e) < 10 ? `0${Math.abs(e)}` : String(Math.abs(e));
    return `${sign}${m}e${e < 0 ? '-' : '+'}${ee}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1);
  return `${sign}${whole}.${frac === '' ? '0' : frac}`;
}

/** The exact value of a float64 as sign, an integer N and a power k: |x| = N / 10^k. */
function exactDecimal(x: number): { negative: boolean; N: bigint; k: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const m = biased === 0 ? fraction : fraction | (1n << 52n); // |x| = m * 2^e
  const e = biased === 0 ? -1074 : biased - 1075;
  if (e >= 0) return { negative, N: m << BigInt(e), k: 0 };
  return { negative, N: m * 5n ** BigInt(-e), k: -e }; // m / 2^-e = m * 5^-e / 10^-e
}

/** Python's f'{x:.{digits}f}': the exact binary value rounded half to even (JS toFixed rounds ties up). */
export function pyFormatFixed(x: number, digits: number): string {
  checkNumber(x, 'pyFormatFixed');
  if (!Number.isInteger(digits) || digits < 0 || digits > 100)
    throw new InputError(`pyFormatFixed: digits must be an integer in 0..100, got ${digits}`);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const { negative, N, k } = exactDecimal(x);
  let q: bigint;
  if (k <= digits) {
    q = N * 10n ** BigInt(digits - k);
  } else {
    const D = 10n ** BigInt(k - digits);
    q = N / D;
    const twice = 2n * (N % D);
    if (twice > D || (twice === D && q % 2n === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  return (negative ? '-' : '') + body;
}

/** Python's repr() of a str: single quotes unless the text holds ' and no ". */
export function pyStrRepr(s: string): string {
  if (typeof s !== 'string') throw new InputError(`pyStrRepr: expected a string, got ${typeof s}`);
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

/** Python's str() of a list whose items are already formatted: '[a, b, c]'. */
export function pyList(items: string[]): string {
  if (!Array.isArray(items)) throw new InputError('pyList: expected an array of strings');
  return `[${items.join(', ')}]`;
}
