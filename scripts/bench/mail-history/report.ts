import { machineLine } from "../lib/results.js";
import type { Summary } from "../lib/stats.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { Prefill } from "./prefill.js";

/** The target: p99 of a page query, server side. */
export const HISTORY_TARGET = { serverP99Ms: 10 } as const;

/** One query shape's figures. */
export interface ShapeFigures {
  readonly shape: string;
  readonly samples: number;
  /** `store.query` on the node's store: the node's own time. */
  readonly storeMs: Summary;
  /** `queryHistory` from a client over its connection to the node. */
  readonly protocolMs: Summary;
}

/**
 * Renders the history figures as Markdown.
 *
 * @param report - Figures, how the store was filled, the node's start time and settings.
 * @returns The text.
 */
export function renderHistory(report: {
  backend: string;
  figures: readonly ShapeFigures[];
  prefill: Prefill | undefined;
  nodeStartSeconds: number;
  settings: { pageSize: number; envelopes: number };
}): string {
  const { prefill } = report;
  const table = markdownTable(
    [
      { header: "Query (newest first)" },
      { header: "Server p50 ms", align: "right" },
      { header: "Server p99 ms", align: "right" },
      { header: "Target (server p99)", align: "right" },
      { header: "Met" },
      { header: "End to end p50 ms", align: "right" },
      { header: "End to end p99 ms", align: "right" },
    ],
    report.figures.map((figure) => [
      figure.shape,
      formatMs(figure.storeMs.p50),
      formatMs(figure.storeMs.p99),
      `≤ ${HISTORY_TARGET.serverP99Ms}`,
      figure.storeMs.p99 <= HISTORY_TARGET.serverP99Ms ? "yes" : "no",
      formatMs(figure.protocolMs.p50),
      formatMs(figure.protocolMs.p99),
    ]),
  );
  const filled =
    prefill === undefined
      ? ""
      : `Store: ${formatInteger(prefill.envelopes)} envelopes of 1 KiB over ${formatInteger(prefill.topics)} topics, ${formatMiB(prefill.fileBytes)} MiB on disk, filled through the store API at ${formatInteger(Math.round(prefill.envelopesPerSecond))} envelopes/s; the node started on it in ${report.nodeStartSeconds.toFixed(1)} s.`;
  return [
    `\nHistory queries (${report.backend}): ${report.settings.pageSize}-envelope pages on ${formatInteger(report.settings.envelopes)} stored envelopes; server = store.query on the node's store, end to end = queryHistory from a client to the waymark-node process\n`,
    table,
    "",
    filled,
    machineLine(),
  ].join("\n");
}

/**
 * Renders the server p99 of every shape on each backend side by side.
 *
 * @param runs - Each backend's figures.
 * @returns The text.
 */
export function renderBackends(
  runs: readonly { backend: string; figures: readonly ShapeFigures[] }[],
): string {
  const shapes = runs[0]?.figures.map((figure) => figure.shape) ?? [];
  const table = markdownTable(
    [
      { header: "Query (newest first)" },
      ...runs.flatMap((run) => [
        { header: `${run.backend} server p99 ms`, align: "right" as const },
        { header: `${run.backend} end to end p99 ms`, align: "right" as const },
      ]),
    ],
    shapes.map((shape) => [
      shape,
      ...runs.flatMap((run) => {
        const figure = run.figures.find((candidate) => candidate.shape === shape);
        return figure === undefined
          ? ["", ""]
          : [formatMs(figure.storeMs.p99), formatMs(figure.protocolMs.p99)];
      }),
    ]),
  );
  return ["\nSide by side\n", table].join("\n");
}
