import type { TraceSpan } from "../../../client/kernel/trace/trace.js";
import { summarize } from "../lib/stats.js";

/**
 * For each span name, the median over runs of the time its spans took in one run (spans that
 * overlap, such as parallel pings, each count), and how many runs had one.
 *
 * @param traces - One trace per run.
 * @returns Per span name: median ms per run and the number of runs with such a span.
 */
export function spanMedians(
  traces: readonly (readonly TraceSpan[])[],
): Record<string, { medianMs: number; runs: number }> {
  const perName = new Map<string, number[]>();
  for (const trace of traces) {
    const sums = new Map<string, number>();
    for (const span of trace) sums.set(span.name, (sums.get(span.name) ?? 0) + span.endMs - span.startMs);
    for (const [name, sum] of sums) perName.set(name, [...(perName.get(name) ?? []), sum]);
  }
  return Object.fromEntries(
    [...perName].map(([name, sums]) => [
      name,
      { medianMs: Math.round(summarize(sums).p50 * 10) / 10, runs: sums.length },
    ]),
  );
}

/**
 * One run's trace as text, one span a line: when it started and ended (ms from the run's start),
 * its name, its figures, and its error.
 *
 * @param trace - The run's spans.
 * @returns The lines.
 */
export function traceLines(trace: readonly TraceSpan[]): string[] {
  return [...trace]
    .sort((a, b) => a.startMs - b.startMs)
    .map((span) => {
      const detail = Object.entries(span.detail ?? {})
        .map(([key, value]) => `${key}=${typeof value === "number" ? Math.round(value * 10) / 10 : value}`)
        .join(" ");
      const error = span.error === undefined ? "" : ` ERROR ${span.error}`;
      return `  ${span.startMs.toFixed(1).padStart(7)} → ${span.endMs.toFixed(1).padStart(7)} ms  ${span.name} ${detail}${error}`;
    });
}
