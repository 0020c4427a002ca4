import { renderProfile } from "../lib/profile.js";
import { machineLine } from "../lib/results.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import { BACKEND_LABEL, STORE_CLASS } from "./backends.js";
import type { BackendRun, RecordsReport } from "./figures.js";
import { renderSideBySide } from "./sideBySide.js";

const us = (ms: number): string => formatInteger(Math.round(ms * 1000));

/**
 * Renders the records figures as Markdown: every figure of each backend side by side with its
 * floors, then each backend's tables.
 *
 * @param report - The shared floors, each backend's figures, and the settings.
 * @returns The text.
 */
export function renderRecords(report: RecordsReport): string {
  const lines = [
    `\nRecords: pre-signed ${report.settings.valueBytes}-byte records put to and read from one waymark-node process (--service records/1), on ${report.runs.map((run) => BACKEND_LABEL[run.backend]).join(" and ")} in the same run; each figure beside its floors, measured in the same run\n`,
    renderSideBySide(report),
    "",
    `Per record, in process, for both backends: \`signRecord\` p50 ${us(report.floors.signMs.p50)} µs, p99 ${us(report.floors.signMs.p99)} µs (${formatInteger(report.floors.signMs.count)} records); \`verifyRecord\` p50 ${us(report.floors.verifyMs.p50)} µs, p99 ${us(report.floors.verifyMs.p99)} µs (${formatInteger(report.floors.verifyMs.count)}).`,
  ];
  for (const run of report.runs) lines.push("", renderBackend(run, report));
  lines.push("", machineLine());
  return lines.join("\n");
}

/** One backend's puts, floors, gets, lag and profile. */
function renderBackend(run: BackendRun, report: RecordsReport): string {
  const label = BACKEND_LABEL[run.backend];
  const store = STORE_CLASS[run.backend];
  const { floors, gets, prefill } = run;
  const verifyMs = report.floors.verifyMs;
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
    run.levels.map((level) => [
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
    (
      [
        [`\`${store}.put\`, one at a time, flushed (the node's commit)`, floors.storePutMs],
        ["a libp2p ping on the connection (its stream opened and closed)", floors.pingMs],
      ] as const
    ).map(([what, figures]) => [
      what,
      us(figures.p50),
      us(figures.p99),
      us(figures.mean),
      formatInteger(figures.count),
    ]),
  );
  const single = run.levels.find((level) => level.clients === 1);
  const breakdown =
    single === undefined
      ? []
      : [
          "",
          `One client, p50 of a put ${formatMs(single.latencyMs.p50)} ms: the client's own check (verifyRecord) ${formatMs(verifyMs.p50)} ms, the node's verifyRecord ${formatMs(verifyMs.p50)} ms, its commit ${formatMs(floors.storePutMs.p50)} ms, a request's round trip (a get answered with no record) ${formatMs(gets.missMs.p50)} ms; the remaining ${formatMs(Math.max(0, single.latencyMs.p50 - 2 * verifyMs.p50 - floors.storePutMs.p50 - gets.missMs.p50))} ms is the larger request, the node's other work per put and waiting for the CPU.`,
        ];
  const getTable = markdownTable(
    [
      { header: "Get of a held record" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "Samples", align: "right" },
    ],
    (
      [
        [`\`${store}.get\` on the node's store (server side)`, gets.storeMs],
        ["over the network, answer decoded (node + network)", gets.wireMs],
        ["`getRecord` over the network (verified, as a client reads)", gets.verifiedMs],
        ["floor: a get of a name the owner does not have (no record answered)", gets.missMs],
        ["floor: a libp2p ping on the same connection", gets.pingMs],
      ] as const
    ).map(([what, figures]) => [
      what,
      formatMs(figures.p50),
      formatMs(figures.p99),
      formatInteger(figures.count),
    ]),
  );
  const lag =
    "skipped" in run.lag
      ? `Replication lag: ${run.lag.skipped}.`
      : `Replication lag, put acknowledged on node A to readable on node B, both on ${label} (${formatInteger(run.lag.samples)} records): p50 ${formatMs(run.lag.lagMs.p50)} ms, p99 ${formatMs(run.lag.lagMs.p99)} ms, max ${formatMs(run.lag.lagMs.max)} ms (acknowledgement p50 ${formatMs(run.lag.ackMs.p50)} ms).`;
  const lines = [
    `Store backend: ${label}. Puts, each client its own peer and connection with one put in flight:\n`,
    puts,
    ...run.levels
      .filter((level) => level.firstError !== undefined)
      .map((level) => `First error with ${level.clients} clients: ${level.firstError ?? ""}`),
    "",
    `Floors of the ${label} node, measured in the same run:`,
    "",
    floorTable,
    ...breakdown,
    "",
    `Gets (${label}): ${formatInteger(report.settings.getSamples)} random held keys, one request at a time, each read both ways right after a ping and a get of an absent name, on a store of ${formatInteger(prefill.records)} records of ${formatInteger(prefill.owners)} owners (${formatMiB(prefill.fileBytes)} MiB on disk, filled through the store at ${formatInteger(Math.round(prefill.recordsPerSecond))} records/s; the node started on it in ${run.nodeStartSeconds.toFixed(1)} s)\n`,
    getTable,
    "",
    lag,
  ];
  if (run.profile !== undefined)
    lines.push(
      "",
      `Node CPU profile, ${label} (share of the samples in which the node was busy):`,
      "",
      renderProfile(run.profile, markdownTable),
    );
  return lines.join("\n");
}
