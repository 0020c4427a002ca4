/** Distribution of a set of samples. */
export interface Summary {
  /** Number of samples. */
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * The nearest-rank percentile of sorted samples: the smallest sample at or above `p` percent of
 * them.
 *
 * @param sorted - Samples in ascending order.
 * @param p - Percentile, 0 to 100.
 * @returns The sample, or NaN when there is none.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/**
 * Summarises samples: count, extremes, mean and the 50th, 95th and 99th percentiles.
 *
 * @param samples - The samples, in any order.
 * @returns The summary (NaN figures when there are no samples).
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  };
}

/**
 * Milliseconds with a precision that suits their size: `0.42`, `4.2`, `42`, `420`.
 *
 * @param ms - Milliseconds.
 * @returns The text, without unit; `–` for NaN.
 */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return "–";
  if (ms < 1) return ms.toFixed(2);
  if (ms < 10) return ms.toFixed(1);
  return ms.toFixed(0);
}

/**
 * Bytes as MiB with one decimal.
 *
 * @param bytes - Bytes.
 * @returns For example `"142.3"`.
 */
export function formatMiB(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
