import type { ClosedLoopLevel } from "../lib/closedLoop.js";
import type { MailBenchBackend } from "../lib/mailNode.js";
import type { ProfileSummary } from "../lib/profile.js";
import { renderProfile } from "../lib/profile.js";
import { machineLine } from "../lib/results.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { StoreFloor } from "./storeFloor.js";

/** The target: acknowledged pushes per second. */
export const INGEST_TARGET = { pushesPerSecond: 5_000 } as const;

/** The figures of one level: a number of clients, each with one request in flight. */
export interface IngestLevel extends ClosedLoopLevel {
  /** Envelopes each push carries (1: a push of one; more: a push of several). */
  readonly envelopesPerPush: number;
  /** Requests answered per second. */
  readonly requestsPerSecond: number;
}

/** One store backend's figures. */
export interface BackendRun {
  readonly backend: MailBenchBackend;
  readonly levels: readonly IngestLevel[];
  readonly storedByNode: number;
  /** The store alone, in the bench's process, with as many producers as the floor's clients. */
  readonly storeFloor: StoreFloor | undefined;
  readonly profile: ProfileSummary | undefined;
}

const percent = (part: number, whole: number | undefined): string =>
  whole === undefined || !(whole > 0) ? "–" : `${Math.round((part / whole) * 100)}%`;

function backendTable(run: BackendRun, echoFloor: IngestLevel): string {
  return markdownTable(
    [
      { header: "Envelopes per push", align: "right" },
      { header: "Clients", align: "right" },
      { header: "Acknowledged envelopes/s", align: "right" },
      { header: "Pushes/s", align: "right" },
      { header: "Target met" },
      { header: "Of echo floor", align: "right" },
      { header: "Of store floor", align: "right" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "Errors", align: "right" },
      { header: "Node CPU (cores)", align: "right" },
      { header: "Node CPU per envelope µs", align: "right" },
      { header: "Node RSS MiB", align: "right" },
      { header: "Clients' CPU (cores)", align: "right" },
      { header: "Other processes (cores)", align: "right" },
    ],
    run.levels.map((level) => [
      formatInteger(level.envelopesPerPush),
      formatInteger(level.clients),
      formatInteger(Math.round(level.perSecond)),
      formatInteger(Math.round(level.requestsPerSecond)),
      level.perSecond >= INGEST_TARGET.pushesPerSecond ? "yes" : "no",
      percent(level.perSecond, echoFloor.perSecond),
      percent(level.perSecond, run.storeFloor?.perSecond),
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
}

/**
 * Renders the ingest figures and their floors as Markdown.
 *
 * @param report - Each backend's levels, store floor and profile; the echo floor; the settings.
 * @returns The text.
 */
export function renderIngest(report: {
  runs: readonly BackendRun[];
  echoFloor: IngestLevel;
  settings: { payloadBytes: number; windowMs: number; floorClients: number };
}): string {
  const { echoFloor, settings } = report;
  const lines = [
    `\nMail ingest: ${settings.payloadBytes}-byte envelopes pushed to one waymark-node process, each client its own peer and connection with one push in flight; ${settings.windowMs / 1000} s per level. "Of echo floor" and "of store floor" divide the envelopes acknowledged per second by the floors below, measured in the same run.\n`,
    `Echo floor (a bare libp2p host in its own process echoing the same ${settings.payloadBytes}-byte push frame over TCP + Noise + Yamux, no mail handler, no store; ${formatInteger(echoFloor.clients)} clients): ` +
      `${formatInteger(Math.round(echoFloor.perSecond))} round trips/s, p50 ${formatMs(echoFloor.latencyMs.p50)} ms, p99 ${formatMs(echoFloor.latencyMs.p99)} ms, ` +
      `server CPU ${echoFloor.nodeCores.toFixed(2)} cores, clients' CPU ${echoFloor.generatorCores.toFixed(2)}, other processes ${echoFloor.otherCores.toFixed(2)}, errors ${formatInteger(echoFloor.errors)}.`,
  ];
  for (const run of report.runs) {
    const floor = run.storeFloor;
    lines.push(
      "",
      `Store backend: ${run.backend}. Store floor (the store alone in the bench's process, ${formatInteger(floor?.producers ?? 0)} concurrent puts of one envelope, group commit): ` +
        (floor === undefined
          ? "not measured."
          : `${formatInteger(Math.round(floor.perSecond))} envelopes/s.`),
      "",
      backendTable(run, echoFloor),
      "",
      `Envelopes the node reports holding at the end: ${formatInteger(run.storedByNode)}.`,
      ...run.levels
        .filter((level) => level.firstError !== undefined)
        .map(
          (level) =>
            `First error with ${level.clients} clients × ${level.envelopesPerPush} per push: ${level.firstError ?? ""}`,
        ),
    );
    if (run.profile !== undefined)
      lines.push(
        "",
        `Node CPU profile, ${run.backend} (share of the samples in which the node was busy):`,
        "",
        renderProfile(run.profile, markdownTable),
      );
  }
  lines.push("", machineLine());
  return lines.join("\n");
}
