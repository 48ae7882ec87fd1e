// Numbers as a report writes them: bytes in KiB, MiB or GiB, durations in ms or s, counts
// with thousands separators. Notebooks 03 and 05 put them in tables and sentences.
import { InputError } from '../core/validate';

function checkNumber(v: unknown, what: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(
      `${what}: expected a finite number, got ${typeof v === 'number' ? v : v === null ? 'null' : typeof v}`,
    );
  if (v < min) throw new InputError(`${what}: expected a number >= ${min}, got ${v}`);
  return v;
}

export interface ByteFormat {
  /** Digits after the point for sizes of 1 GiB and more (KiB and MiB always get 1). Default 1. */
  gibDigits?: number;
}

/** A size in bytes: "512.0 KiB", "32.0 MiB", "1.5 GiB" (powers of 2; below 1 KiB still in KiB). */
export function formatBytes(bytes: number, options: ByteFormat = {}): string {
  const b = checkNumber(bytes, 'formatBytes', 0);
  const gibDigits = options.gibDigits ?? 1;
  if (!Number.isInteger(gibDigits) || gibDigits < 0 || gibDigits > 20)
    throw new InputError(`formatBytes gibDigits: expected an integer 0..20, got ${gibDigits}`);
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(gibDigits)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  return `${(b / 2 ** 10).toFixed(1)} KiB`;
}

/** A duration in milliseconds: "4.25 ms" below 10 ms, "123.4 ms" below 1 s, then "1.23 s". */
export function formatMs(ms: number): string {
  const t = checkNumber(ms, 'formatMs', 0);
  return t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(t < 10 ? 2 : 1)} ms`;
}

/** A count with thousands separators, as in the documents: 131,072. */
export function formatCount(n: number): string {
  return checkNumber(n, 'formatCount').toLocaleString('en-US');
}
