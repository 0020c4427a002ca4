import type { TraceSpan } from "../../../client/kernel/trace/trace.js";
import { machineLine } from "../lib/results.js";
import type { Summary } from "../lib/stats.js";
import { formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import { SETTLE_MAX_CORES, SETTLE_WINDOW_MS } from "./settle.js";
import type { RunWithStalls, SlowRun } from "./slowRuns.js";

/** The issue's target, with 50 nodes: p50 and p99 of the cold client's time to a selection. */
export const DISCOVERY_TARGET = { nodes: 50, p50Ms: 50, p99Ms: 200 } as const;

/** The figures of one network size. */
export interface DiscoverySize {
  readonly nodes: number;
  readonly rogue: number;
  readonly runs: number;
  readonly farmSetupSeconds: number;
  /** Time to a selection, Waymark client. */
  readonly waymark: Summary;
  /** Time to a selection, the naive way. */
  readonly naive: Summary;
  readonly waymarkPhasesMedianMs: {
    readonly create: number;
    readonly discover: number;
    readonly verify: number;
    readonly probeAndSelect: number;
  };
  readonly naivePhasesMedianMs: {
    readonly setup: number;
    readonly enumerate: number;
    readonly check: number;
  };
  /** Median CPU time per run, in ms: the client's, and the farm's (all nodes and the chain) together. */
  readonly cpuMedianMs: {
    readonly waymarkClient: number;
    readonly waymarkNodes: number;
    readonly naiveClient: number;
    readonly naiveNodes: number;
  };
  /** Worker processes running the nodes (0: one process runs them all); the chain has its own. */
  readonly farmProcesses: number;
  /**
   * Median wait before a run for the farm to be quiet (see `settleFarm`), in ms; the farm's CPU
   * meanwhile counts as other processes'. Absent in results written before runs waited.
   */
  readonly settleWaitMedianMs?: number;
  /**
   * Cores the farm's processes (nodes and chain) used on average while Waymark clients were being
   * measured: their CPU time over the clients' wall time. What of each figure is the farm's work.
   */
  readonly farmCoresDuringWaymark: number;
  /** Likewise for the client's own process. */
  readonly clientCoresDuringWaymark: number;
  /** Per trace span name, the median over runs of its time in one run (see `spanMedians`). */
  readonly spanMediansMs: Readonly<Record<string, { medianMs: number; runs: number }>>;
  /** The slowest run's total and trace. */
  readonly slowestRun: { readonly totalMs: number; readonly trace: readonly TraceSpan[] };
  /** The slowest runs, with the client's and the farm processes' event-loop stalls during each. */
  readonly slowestRuns: readonly SlowRun[];
  /** Every run's total and, per process, how long its event loop was stalled during it. */
  readonly runsStalledMs: readonly RunWithStalls[];
  readonly farmPhasesSeconds: Readonly<Record<string, number>>;
  /** CPU other processes on the machine used during the runs, in cores. */
  readonly otherCores: number;
  readonly candidatesMedian: number;
  readonly trustedCandidatesMedian: number;
  /** Runs in which the Waymark client selected a rogue node (never expected). */
  readonly rogueSelected: number;
  /** Runs that ended without a selection (an error), each way. */
  readonly failedRuns: { readonly waymark: number; readonly naive: number };
  /** The first of those errors, with its details. */
  readonly firstError: string | undefined;
  /** Distinct servers the Waymark client selected over the runs. */
  readonly distinctSelected: number;
}

/**
 * Renders the discovery figures as Markdown.
 *
 * @param report - Sizes and settings.
 * @returns The text.
 */
export function renderDiscovery(report: {
  sizes: readonly DiscoverySize[];
  settings: { runs: number };
}): string {
  const ms = (summary: Summary): string[] => [
    formatMs(summary.p50),
    formatMs(summary.p95),
    formatMs(summary.p99),
  ];
  const latency = markdownTable(
    [
      { header: "Nodes (rogue)", align: "right" },
      { header: "Way" },
      { header: "p50 ms", align: "right" },
      { header: "p95 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "Naive ÷ Waymark (p50)", align: "right" },
      { header: "Target (50 nodes)" },
      { header: "Met" },
    ],
    report.sizes.flatMap((size) => {
      const target = size.nodes === DISCOVERY_TARGET.nodes;
      const met = size.waymark.p50 <= DISCOVERY_TARGET.p50Ms && size.waymark.p99 <= DISCOVERY_TARGET.p99Ms;
      const label = `${size.nodes} (${size.rogue})`;
      return [
        [
          label,
          "Waymark: DHT, one verifyNodes, probe a sample",
          ...ms(size.waymark),
          `${(size.naive.p50 / size.waymark.p50).toFixed(1)}×`,
          target ? `p50 ≤ ${DISCOVERY_TARGET.p50Ms}, p99 ≤ ${DISCOVERY_TARGET.p99Ms}` : "",
          target ? (met ? "yes" : "no") : "",
        ],
        [label, "naive: enumerate registry, check each in turn", ...ms(size.naive), "", "", ""],
      ];
    }),
  );
  const phases = markdownTable(
    [
      { header: "Nodes", align: "right" },
      { header: "create ms", align: "right" },
      { header: "discover ms", align: "right" },
      { header: "verify ms", align: "right" },
      { header: "probe + select ms", align: "right" },
      { header: "Candidates (trusted)", align: "right" },
      { header: "Rogue selected", align: "right" },
      { header: "Failed runs: Waymark / naive", align: "right" },
      { header: "Distinct servers chosen", align: "right" },
      { header: "CPU per run ms: client / all nodes", align: "right" },
      { header: "Naive: setup / enumerate / check ms", align: "right" },
      { header: "Naive CPU ms: client / all nodes", align: "right" },
    ],
    report.sizes.map((size) => [
      formatInteger(size.nodes),
      formatMs(size.waymarkPhasesMedianMs.create),
      formatMs(size.waymarkPhasesMedianMs.discover),
      formatMs(size.waymarkPhasesMedianMs.verify),
      formatMs(size.waymarkPhasesMedianMs.probeAndSelect),
      `${size.candidatesMedian} (${size.trustedCandidatesMedian})`,
      `${size.rogueSelected} of ${size.runs}`,
      `${size.failedRuns.waymark} / ${size.failedRuns.naive}`,
      formatInteger(size.distinctSelected),
      `${formatMs(size.cpuMedianMs.waymarkClient)} / ${formatMs(size.cpuMedianMs.waymarkNodes)}`,
      `${formatMs(size.naivePhasesMedianMs.setup)} / ${formatMs(size.naivePhasesMedianMs.enumerate)} / ${formatMs(size.naivePhasesMedianMs.check)}`,
      `${formatMs(size.cpuMedianMs.naiveClient)} / ${formatMs(size.cpuMedianMs.naiveNodes)}`,
    ]),
  );
  return [
    `\nDiscovery to verified selection: a cold client each run (${report.settings.runs} runs per size, interleaved with the naive way)\n`,
    latency,
    "",
    "Medians of the Waymark client's phases, and what it found:",
    "",
    phases,
    "",
    ...report.sizes.map(
      (size) =>
        `${size.nodes} nodes: the farm's nodes ran ${size.farmProcesses === 0 ? "in one process" : `in ${size.farmProcesses} processes`}, its chain in one of its own; while ` +
        `Waymark clients were measured it used ${size.farmCoresDuringWaymark.toFixed(2)} cores on average, ` +
        `the client ${size.clientCoresDuringWaymark.toFixed(2)}` +
        (size.settleWaitMedianMs === undefined
          ? "."
          : `; each run waited for a quiet farm (at most ${SETTLE_MAX_CORES} cores over ${SETTLE_WINDOW_MS} ms), median ${formatInteger(size.settleWaitMedianMs)} ms.`),
    ),
    "",
    `Other processes on the machine used ${report.sizes.map((size) => `${size.otherCores.toFixed(2)} cores (${size.nodes} nodes)`).join(", ")} during the runs.`,
    machineLine(),
  ].join("\n");
}
