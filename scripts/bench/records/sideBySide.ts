import type { Summary } from "../lib/stats.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import { BACKEND_LABEL } from "./backends.js";
import type { BackendRun, RecordsReport } from "./figures.js";

/** One row: what it is, and its cell for each backend's run. */
interface Row {
  readonly what: string;
  readonly cell: (run: BackendRun) => string;
}

const p50p99 = (figures: Summary): string => `${formatMs(figures.p50)} / ${formatMs(figures.p99)}`;

/**
 * The rows of the side-by-side table: each figure, followed by the floors it is read against.
 *
 * @param clients - The put levels' client counts.
 * @returns The rows.
 */
function rows(clients: readonly number[]): Row[] {
  const level = (run: BackendRun, count: number): BackendRun["levels"][number] | undefined =>
    run.levels.find((candidate) => candidate.clients === count);
  const perLevel = clients.flatMap((count): Row[] => {
    const who = `${formatInteger(count)} client${count === 1 ? "" : "s"}`;
    return [
      {
        what: `acknowledged puts/s, ${who}`,
        cell: (run) => {
          const figures = level(run, count);
          return figures === undefined ? "–" : formatInteger(Math.round(figures.perSecond));
        },
      },
      {
        what: `put p50 / p99 ms, ${who}`,
        cell: (run) => {
          const figures = level(run, count);
          return figures === undefined ? "–" : p50p99(figures.latencyMs);
        },
      },
      {
        what: `node CPU per put µs, ${who}`,
        cell: (run) => {
          const figures = level(run, count);
          return figures === undefined
            ? "–"
            : formatInteger(Math.round((figures.nodeCores / figures.perSecond) * 1e6));
        },
      },
    ];
  });
  return [
    ...perLevel,
    {
      what: "floor: the store alone, one put at a time, puts/s",
      cell: (run) => formatInteger(Math.round(1000 / run.floors.storePutMs.mean)),
    },
    {
      what: "floor: the store's put p50 / p99 ms (its commit)",
      cell: (run) => p50p99(run.floors.storePutMs),
    },
    { what: "get on the store (server side) p50 / p99 ms", cell: (run) => p50p99(run.gets.storeMs) },
    { what: "get over the network, decoded p50 / p99 ms", cell: (run) => p50p99(run.gets.wireMs) },
    { what: "`getRecord` (verified) p50 / p99 ms", cell: (run) => p50p99(run.gets.verifiedMs) },
    {
      what: "floor: a request's round trip (a get of an absent name) p50 / p99 ms",
      cell: (run) => p50p99(run.gets.missMs),
    },
    { what: "floor: libp2p ping p50 / p99 ms", cell: (run) => p50p99(run.gets.pingMs) },
    {
      what: "replication lag, acknowledged to readable p50 / p99 ms",
      cell: (run) => ("skipped" in run.lag ? "skipped" : p50p99(run.lag.lagMs)),
    },
    {
      what: "store filled before the node, records/s (MiB on disk)",
      cell: (run) =>
        `${formatInteger(Math.round(run.prefill.recordsPerSecond))} (${formatMiB(run.prefill.fileBytes)})`,
    },
    { what: "node start on the filled store, s", cell: (run) => run.nodeStartSeconds.toFixed(1) },
  ];
}

/**
 * Renders every backend's figures in one table, one column per backend, each figure followed by
 * its floors from the same run.
 *
 * @param report - The runs.
 * @returns The table.
 */
export function renderSideBySide(report: RecordsReport): string {
  const clients = [...new Set(report.runs.flatMap((run) => run.levels.map((level) => level.clients)))];
  return markdownTable(
    [
      { header: "Figure (same run)" },
      ...report.runs.map((run) => ({ header: BACKEND_LABEL[run.backend], align: "right" as const })),
    ],
    rows(clients).map((row) => [row.what, ...report.runs.map((run) => row.cell(run))]),
  );
}
