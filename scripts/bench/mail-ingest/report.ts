import type { ProfileSummary } from "../lib/profile.js";
import { renderProfile } from "../lib/profile.js";
import { machineLine } from "../lib/results.js";
import type { Summary } from "../lib/stats.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";

/** The target: acknowledged pushes per second. */
export const INGEST_TARGET = { pushesPerSecond: 5_000 } as const;

/** The figures of one concurrency level. */
export interface IngestLevel {
  readonly clients: number;
  readonly seconds: number;
  readonly acknowledged: number;
  readonly perSecond: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly latencyMs: Summary;
  /** The node's CPU, in cores (1 = one core busy). */
  readonly nodeCores: number;
  readonly nodeRssBytes: number;
  readonly nodePeakRssBytes: number;
  /** The load generator's CPU (this process), in cores. */
  readonly generatorCores: number;
  /** CPU other processes on the machine used meanwhile, in cores: what the figures competed with. */
  readonly otherCores: number;
}

/**
 * Renders the ingest figures as Markdown.
 *
 * @param report - Levels, stored count, settings and an optional profile.
 * @returns The text.
 */
export function renderIngest(report: {
  levels: readonly IngestLevel[];
  storedByNode: number;
  settings: { payloadBytes: number; windowMs: number };
  profile: ProfileSummary | undefined;
}): string {
  const table = markdownTable(
    [
      { header: "Clients", align: "right" },
      { header: "Acknowledged pushes/s", align: "right" },
      { header: "Target", align: "right" },
      { header: "Met" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "Errors", align: "right" },
      { header: "Node CPU (cores)", align: "right" },
      { header: "Node CPU per push µs", align: "right" },
      { header: "Node RSS MiB", align: "right" },
      { header: "Clients' CPU (cores)", align: "right" },
      { header: "Other processes (cores)", align: "right" },
    ],
    report.levels.map((level) => [
      formatInteger(level.clients),
      formatInteger(Math.round(level.perSecond)),
      `≥ ${formatInteger(INGEST_TARGET.pushesPerSecond)}`,
      level.perSecond >= INGEST_TARGET.pushesPerSecond ? "yes" : "no",
      formatMs(level.latencyMs.p50),
      formatMs(level.latencyMs.p99),
      formatInteger(level.errors),
      level.nodeCores.toFixed(2),
      formatInteger(Math.round((level.nodeCores / level.perSecond) * 1e6)),
      `${formatMiB(level.nodeRssBytes)} (peak ${formatMiB(level.nodePeakRssBytes)})`,
      level.generatorCores.toFixed(2),
      level.otherCores.toFixed(2),
    ]),
  );
  const errors = report.levels.filter((level) => level.firstError !== undefined);
  const lines = [
    `\nMail ingest: ${report.settings.payloadBytes}-byte envelopes pushed to one waymark-node process, each client its own peer and connection with one push in flight; ${report.settings.windowMs / 1000} s per level\n`,
    table,
    "",
    `Envelopes the node reports holding at the end: ${formatInteger(report.storedByNode)}.`,
    ...errors.map((level) => `First error with ${level.clients} clients: ${level.firstError ?? ""}`),
    machineLine(),
  ];
  if (report.profile !== undefined)
    lines.push(
      "",
      "Node CPU profile (share of the samples in which the node was busy):",
      "",
      renderProfile(report.profile, markdownTable),
    );
  return lines.join("\n");
}
