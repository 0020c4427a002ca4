import { readFileSync } from "node:fs";

import type { TraceSpan } from "../../../client/kernel/trace/trace.js";
import type { Stall } from "./stalls.js";
import { stallsWithin } from "./stalls.js";
import { traceLines } from "./trace.js";
import type { WaymarkRun } from "./waymark.js";

/** A stall during a run, in ms from the run's start, and which process it held up. */
export interface RunStall {
  /** `client` (the benchmark's own process), `farm` (the chain, and the nodes without workers) or `worker <pid>`. */
  readonly process: string;
  readonly startMs: number;
  readonly endMs: number;
  /** CPU time that process used meanwhile, in ms (see {@link Stall.cpuMs}). */
  readonly cpuMs: number;
}

/** One measured run with what held up the processes it depends on. */
export interface RunWithStalls {
  readonly totalMs: number;
  /** Per process, the ms of the run during which its event loop was stalled. */
  readonly stalledMs: Readonly<Record<string, number>>;
}

/** One of the slowest runs: its figures, trace, and the stalls set against it. */
export interface SlowRun extends RunWithStalls {
  readonly trace: readonly TraceSpan[];
  readonly stalls: readonly RunStall[];
}

/**
 * Reads the stalls the farm's processes recorded (see `recordStallsToFile`).
 *
 * @param file - The file they appended to.
 * @returns The stalls (none when the file is missing).
 */
export function readStalls(file: string): Stall[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Stall);
}

/** Names processes for the report: the client, the farm's main process, its workers. */
export class StallSources {
  /**
   * @param clientStalls - The benchmark process's own stalls.
   * @param farmStalls - The farm processes' stalls.
   * @param farmPid - The farm's main process (the chain's).
   */
  constructor(
    private readonly clientStalls: readonly Stall[],
    private readonly farmStalls: readonly Stall[],
    private readonly farmPid: number,
  ) {}

  /**
   * @param run - A measured run.
   * @returns The stalls during it, in ms from its start.
   */
  during(run: Pick<WaymarkRun, "startedAtMs" | "totalMs">): RunStall[] {
    const to = run.startedAtMs + run.totalMs;
    const label = (stall: Stall, client: boolean): string =>
      client ? "client" : stall.pid === this.farmPid ? "farm" : `worker ${stall.pid}`;
    return [
      ...stallsWithin(this.clientStalls, run.startedAtMs, to).map((stall) => ({ stall, client: true })),
      ...stallsWithin(this.farmStalls, run.startedAtMs, to).map((stall) => ({ stall, client: false })),
    ]
      .map(({ stall, client }) => ({
        process: label(stall, client),
        startMs: round(stall.fromMs - run.startedAtMs),
        endMs: round(stall.toMs - run.startedAtMs),
        cpuMs: round(stall.cpuMs),
      }))
      .sort((a, b) => a.startMs - b.startMs);
  }

  /**
   * @param run - A measured run.
   * @returns Its total and, per process, how long it was stalled during the run.
   */
  summarize(run: Pick<WaymarkRun, "startedAtMs" | "totalMs">): RunWithStalls {
    const stalledMs: Record<string, number> = {};
    for (const stall of this.during(run)) {
      stalledMs[stall.process] = round((stalledMs[stall.process] ?? 0) + stall.endMs - stall.startMs);
    }
    return { totalMs: round(run.totalMs), stalledMs };
  }

  /**
   * @param runs - Measured runs.
   * @param count - How many to keep.
   * @returns The `count` slowest, slowest first, with their traces and stalls.
   */
  slowest(runs: readonly WaymarkRun[], count: number): SlowRun[] {
    return [...runs]
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, count)
      .map((run) => ({ ...this.summarize(run), trace: run.trace, stalls: this.during(run) }));
  }
}

/**
 * One slow run as text: its trace's spans and the stalls, in the order they started.
 *
 * @param run - The run.
 * @returns The lines.
 */
export function slowRunLines(run: SlowRun): string[] {
  const stalled = Object.entries(run.stalledMs)
    .map(([process, ms]) => `${process} ${ms.toFixed(0)} ms`)
    .join(", ");
  const stallLines = run.stalls.map(
    (stall) =>
      `  ${stall.startMs.toFixed(1).padStart(7)} → ${stall.endMs.toFixed(1).padStart(7)} ms  ` +
      `(stall: ${stall.process}, its CPU ${stall.cpuMs.toFixed(0)} ms)`,
  );
  return [
    `  stalled: ${stalled === "" ? "none" : stalled}`,
    ...mergeByStart(traceLines(run.trace), stallLines),
  ];
}

function mergeByStart(a: readonly string[], b: readonly string[]): string[] {
  const start = (line: string): number => Number(line.trim().split(" ")[0]);
  return [...a, ...b].sort((x, y) => start(x) - start(y));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * The slow runs of one network size as text: every run's total beside the stalls during it
 * (slowest first), then each of the slowest runs' trace and stalls.
 *
 * @param size - The size's figures.
 * @returns The lines.
 */
export function slowRunsReport(size: {
  readonly nodes: number;
  readonly runsStalledMs: readonly RunWithStalls[];
  readonly slowestRuns: readonly SlowRun[];
}): string[] {
  const runs = [...size.runsStalledMs]
    .sort((a, b) => b.totalMs - a.totalMs)
    .map((run) => {
      const stalled = Object.entries(run.stalledMs)
        .map(([process, ms]) => `${process} ${ms.toFixed(0)}`)
        .join(", ");
      return `${run.totalMs.toFixed(0)} [${stalled}]`;
    });
  return [
    `${size.nodes} nodes, each run's total [and the event-loop stalls during it] in ms: ${runs.join("; ")}`,
    ...size.slowestRuns.flatMap((run) => [
      `${size.nodes} nodes, slow run (${run.totalMs.toFixed(0)} ms), its trace and the stalls during it:`,
      ...slowRunLines(run),
    ]),
  ];
}
