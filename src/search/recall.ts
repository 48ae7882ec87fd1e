// Recall@k: the share of exact search's k nearest neighbours that an approximate search
// also returned, averaged over queries (how ANN benchmarks score an index).
import { InputError } from '../core/validate';
import type { Hit } from './types';

export function recallAtK(approximate: Hit[][], exact: Hit[][], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new InputError(`recallAtK k: must be an integer >= 1, got ${String(k)}`);
  if (!Array.isArray(approximate) || !Array.isArray(exact) || exact.length === 0)
    throw new InputError('recallAtK: expected two non-empty lists of hits, one per query');
  if (approximate.length !== exact.length)
    throw new InputError(`recallAtK: ${approximate.length} approximate results for ${exact.length} queries`);
  let found = 0;
  exact.forEach((truth, q) => {
    if (!Array.isArray(truth) || truth.length < k)
      throw new InputError(`recallAtK: query ${q} has ${truth?.length ?? 0} exact hits, fewer than k = ${k}`);
    const got = new Set((approximate[q] ?? []).slice(0, k).map((h) => h.id));
    for (const h of truth.slice(0, k)) if (got.has(h.id)) found++;
  });
  return found / (exact.length * k);
}
