import type { ProfileSummary } from "../lib/profile.js";
import { renderProfile } from "../lib/profile.js";
import { machineLine } from "../lib/results.js";
import type { Summary } from "../lib/stats.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { RecordsPrefill } from "./store.js";

/** The figures of one concurrency level of puts. */
export interface PutLevel {
  readonly clients: number;
  readonly puts: number;
  readonly seconds: number;
  readonly acknowledged: number;
  readonly perSecond: number;
  readonly duplicates: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly latencyMs: Summary;
  /** The node's CPU, in cores (1 = one core busy). */
  readonly nodeCores: number;
  readonly nodeRssBytes: number;
  readonly nodePeakRssBytes: number;
  /** The load generator's CPU (this process, which checks each record before sending it), in cores. */
  readonly generatorCores: number;
  /** CPU other processes on the machine used meanwhile, in cores. */
  readonly otherCores: number;
}

/** Per-record costs measured in process in the same run: what a put is made of. */
export interface PutFloors {
  /** `signRecord`, per record, while pre-signing (the client's cost). */
  readonly signMs: Summary;
  /** `verifyRecord`, per record: the signature check a node runs on every put (and a client on every read). */
  readonly verifyMs: Summary;
  /** `SqliteRecordsStore.put`, one after the other, `synchronous` FULL, on the node's store. */
  readonly storePutMs: Summary;
  /** A libp2p ping on the client's connection to the node (a new stream, 32 bytes, closed on both sides). */
  readonly pingMs: Summary;
}

/** Get latencies on the prefilled store, each way. */
export interface GetFigures {
  /** `SqliteRecordsStore.get` on the node's store file, in process: the node's own time. */
  readonly storeMs: Summary;
  /** A get of a name the owner does not have: the request's round trip with almost no work on the node. */
  readonly missMs: Summary;
  /** A get over the connection, the answer decoded but not verified: the node and the network. */
  readonly wireMs: Summary;
  /** `getRecord`, which verifies the answer's signature as every client does. */
  readonly verifiedMs: Summary;
  /** A libp2p ping on the same connection, interleaved with the gets: the floor asked for. */
  readonly pingMs: Summary;
}

/** Replication lag figures, or why there are none. */
export type LagFigures =
  | { readonly skipped: string }
  | { readonly samples: number; readonly ackMs: Summary; readonly lagMs: Summary };

/** Everything the records benchmark reports. */
export interface RecordsReport {
  readonly levels: readonly PutLevel[];
  readonly floors: PutFloors;
  readonly prefill: RecordsPrefill;
  readonly gets: GetFigures;
  readonly lag: LagFigures;
  readonly nodeStartSeconds: number;
  readonly settings: { valueBytes: number; storeRecords: number; getSamples: number };
  readonly profile: ProfileSummary | undefined;
}

const us = (ms: number): string => formatInteger(Math.round(ms * 1000));

/**
 * Renders the records figures as Markdown.
 *
 * @param report - Put levels, floors, get figures, lag and settings.
 * @returns The text.
 */
export function renderRecords(report: RecordsReport): string {
  const { floors, gets, prefill } = report;
  const puts = markdownTable(
    [
      { header: "Clients", align: "right" },
      { header: "Puts", align: "right" },
      { header: "Acknowledged puts/s", align: "right" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "Errors", align: "right" },
      { header: "Node CPU (cores)", align: "right" },
      { header: "Node CPU per put µs", align: "right" },
      { header: "Node RSS MiB", align: "right" },
      { header: "Clients' CPU (cores)", align: "right" },
      { header: "Other processes (cores)", align: "right" },
    ],
    report.levels.map((level) => [
      formatInteger(level.clients),
      formatInteger(level.puts),
      formatInteger(Math.round(level.perSecond)),
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
  const floorTable = markdownTable(
    [
      { header: "Per record, in process" },
      { header: "p50 µs", align: "right" },
      { header: "p99 µs", align: "right" },
      { header: "mean µs", align: "right" },
      { header: "Samples", align: "right" },
    ],
    [
      ["`signRecord` (the client, before sending)", floors.signMs],
      ["`verifyRecord` (the node, on every put)", floors.verifyMs],
      ["`SqliteRecordsStore.put`, fsync on (the node's commit)", floors.storePutMs],
      ["a libp2p ping on the connection (its stream opened and closed)", floors.pingMs],
    ].map(([what, summary]) => {
      const figures = summary as Summary;
      return [
        what as string,
        us(figures.p50),
        us(figures.p99),
        us(figures.mean),
        formatInteger(figures.count),
      ];
    }),
  );
  const single = report.levels.find((level) => level.clients === 1);
  const breakdown =
    single === undefined
      ? []
      : [
          "",
          `One client, p50 of a put ${formatMs(single.latencyMs.p50)} ms: the client's own check (verifyRecord) ${formatMs(floors.verifyMs.p50)} ms, the node's verifyRecord ${formatMs(floors.verifyMs.p50)} ms, its commit ${formatMs(floors.storePutMs.p50)} ms, a request's round trip (a get answered with no record) ${formatMs(gets.missMs.p50)} ms; the remaining ${formatMs(Math.max(0, single.latencyMs.p50 - 2 * floors.verifyMs.p50 - floors.storePutMs.p50 - gets.missMs.p50))} ms is the larger request, the node's other work per put and waiting for the CPU.`,
        ];
  const getTable = markdownTable(
    [
      { header: "Get of a held record" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "Samples", align: "right" },
    ],
    [
      ["`SqliteRecordsStore.get` on the node's store (server side)", gets.storeMs],
      ["over the network, answer decoded (node + network)", gets.wireMs],
      ["`getRecord` over the network (verified, as a client reads)", gets.verifiedMs],
      ["floor: a get of a name the owner does not have (no record answered)", gets.missMs],
      ["floor: a libp2p ping on the same connection", gets.pingMs],
    ].map(([what, summary]) => {
      const figures = summary as Summary;
      return [what as string, formatMs(figures.p50), formatMs(figures.p99), formatInteger(figures.count)];
    }),
  );
  const lag =
    "skipped" in report.lag
      ? `Replication lag: ${report.lag.skipped}.`
      : `Replication lag, put acknowledged on node A to readable on node B (${formatInteger(report.lag.samples)} records): p50 ${formatMs(report.lag.lagMs.p50)} ms, p99 ${formatMs(report.lag.lagMs.p99)} ms, max ${formatMs(report.lag.lagMs.max)} ms (acknowledgement p50 ${formatMs(report.lag.ackMs.p50)} ms).`;
  const errors = report.levels.filter((level) => level.firstError !== undefined);
  const lines = [
    `\nRecords puts: pre-signed ${report.settings.valueBytes}-byte records put to one waymark-node process (--service records/1), each client its own peer and connection with one put in flight\n`,
    puts,
    ...errors.map((level) => `First error with ${level.clients} clients: ${level.firstError ?? ""}`),
    "",
    "Floors, measured in the same run:",
    "",
    floorTable,
    ...breakdown,
    "",
    `Records gets: ${formatInteger(report.settings.getSamples)} random held keys, one request at a time, each read both ways right after a ping and a get of an absent name, on a store of ${formatInteger(prefill.records)} records of ${formatInteger(prefill.owners)} owners (${formatMiB(prefill.fileBytes)} MiB on disk, filled through the store at ${formatInteger(Math.round(prefill.recordsPerSecond))} records/s; the node started on it in ${report.nodeStartSeconds.toFixed(1)} s)\n`,
    getTable,
    "",
    lag,
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
