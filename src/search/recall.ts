// Recall@k: the share of exact search's k nearest neighbours that an approximate search
// also returned, averaged over queries (how ANN benchmarks score an index).
import { InputError, checkInteger } from '../core/validate';
import type { Hit } from './types';

export function recallAtK(approximate: Hit[][], exact: Hit[][], k: number): number {
  checkInteger(k, 'recallAtK k');
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
