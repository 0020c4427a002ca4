import { machineLine } from "../lib/results.js";
import type { Summary } from "../lib/stats.js";
import { formatMs, summarize } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { BackgroundTraffic, LagSample } from "./lag.js";

/** CPU used while a phase ran, in cores. */
export interface PhaseLoad {
  /** All nodes together. */
  readonly nodesCores: number;
  /** The measuring client (and the background traffic). */
  readonly clientCores: number;
  /** Other processes on the machine. */
  readonly otherCores: number;
}

/** The lag figures of one phase. */
export interface LagPhase {
  readonly phase: string;
  readonly samples: number;
  /** Push to acknowledgement on the first node. */
  readonly ackMs: Summary;
  /** Acknowledgement to readable, per other node (every envelope × node pair). */
  readonly perNodeMs: Summary;
  /** Acknowledgement to readable on every one of the nodes (the slowest node, per envelope). */
  readonly allNodesMs: Summary;
  /** Background pushes carried meanwhile, if any. */
  readonly background: BackgroundTraffic | undefined;
  readonly load: PhaseLoad;
}

/**
 * Summarises the samples of one phase.
 *
 * @param phase - Its name.
 * @param samples - The samples.
 * @param background - The background traffic, if any.
 * @param load - The CPU the phase used.
 * @returns The phase's figures.
 */
export function summarizePhase(
  phase: string,
  samples: readonly LagSample[],
  background: LagPhase["background"],
  load: PhaseLoad,
): LagPhase {
  return {
    phase,
    samples: samples.length,
    ackMs: summarize(samples.map((sample) => sample.ackMs)),
    perNodeMs: summarize(samples.flatMap((sample) => sample.lagsMs)),
    allNodesMs: summarize(samples.map((sample) => Math.max(...sample.lagsMs))),
    background,
    load,
  };
}

/**
 * Renders the replication figures as Markdown.
 *
 * @param report - Phases and settings.
 * @returns The text.
 */
export function renderReplication(report: {
  phases: readonly LagPhase[];
  settings: { nodes: number };
}): string {
  const table = markdownTable(
    [
      { header: "Network" },
      { header: "Envelopes", align: "right" },
      { header: "Ack p50 ms", align: "right" },
      { header: "Per node p50 ms", align: "right" },
      { header: "Per node p99 ms", align: "right" },
      { header: `All ${report.settings.nodes} nodes p50 ms`, align: "right" },
      { header: `All ${report.settings.nodes} nodes p99 ms`, align: "right" },
      { header: "Max ms", align: "right" },
      { header: "Nodes' CPU (cores)", align: "right" },
      { header: "Client CPU (cores)", align: "right" },
      { header: "Other processes (cores)", align: "right" },
    ],
    report.phases.map((phase) => [
      phase.phase,
      formatInteger(phase.samples),
      formatMs(phase.ackMs.p50),
      formatMs(phase.perNodeMs.p50),
      formatMs(phase.perNodeMs.p99),
      formatMs(phase.allNodesMs.p50),
      formatMs(phase.allNodesMs.p99),
      formatMs(phase.allNodesMs.max),
      phase.load.nodesCores.toFixed(2),
      phase.load.clientCores.toFixed(2),
      phase.load.otherCores.toFixed(2),
    ]),
  );
  const background = report.phases
    .filter((phase) => phase.background !== undefined)
    .map(
      (phase) =>
        `Background traffic during "${phase.phase}": ${formatInteger(phase.background?.acknowledged ?? 0)} pushes acknowledged, ${formatInteger(phase.background?.errors ?? 0)} failed, ${formatInteger(phase.background?.skipped ?? 0)} skipped (8 already in flight to that node).`,
    );
  return [
    `\nReplication lag: from the acknowledgement of a push on one node until a query on each other node returns it; ${report.settings.nodes} waymark-node processes, the origin rotating\n`,
    table,
    "",
    ...background,
    machineLine(),
  ].join("\n");
}
