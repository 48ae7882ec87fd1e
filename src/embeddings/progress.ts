// Progress for model loading: one line when a model is ready, with the time it took,
// and a "still loading" line every few seconds while a slow load runs.
export interface ProgressOptions {
  /** Print lines (default true). */
  log?: boolean;
  /** Seconds before the first "still loading" line (default 2). */
  after?: number;
}

export async function withProgress<T>(what: string, load: () => Promise<T>, options: ProgressOptions = {}): Promise<T> {
  const { log = true, after = 2 } = options;
  const t0 = Date.now();
  const timer = log
    ? setInterval(
        () => console.log(`  … still loading ${what} (${((Date.now() - t0) / 1000).toFixed(0)} s)`),
        after * 1000,
      )
    : null;
  try {
    const out = await load();
    if (log) console.log(`loaded ${what} in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
    return out;
  } finally {
    if (timer) clearInterval(timer);
  }
}

/** Progress of a transformers.js download ("progress" events), one line per file at 0/25/50/75/100 %. */
export function downloadProgress(
  log = true,
): (p: { status: string; file?: string; progress?: number; name?: string }) => void {
  const shown = new Map<string, number>();
  return (p) => {
    if (!log || !p.file) return;
    if (p.status === 'progress' && typeof p.progress === 'number') {
      const step = Math.floor(p.progress / 25) * 25;
      if ((shown.get(p.file) ?? -1) < step) {
        shown.set(p.file, step);
        console.log(`  ${p.name ?? ''}/${p.file}: ${step} %`);
      }
    }
  };
}
