import { machineLine } from "../lib/results.js";
import { formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { WayFigures } from "./measure.js";

/** The three ways at one batch size. */
export interface VerificationRow {
  readonly candidates: number;
  /** One `verifyNodes` call for the whole batch. */
  readonly oneCall: WayFigures;
  /** One call per node, each awaited before the next. */
  readonly perNodeInTurn: WayFigures;
  /** One call per node, all at once (ethers batches concurrent calls into fewer requests). */
  readonly perNodeAtOnce: WayFigures;
}

/**
 * Renders the verification figures as Markdown.
 *
 * @param report - Rows and settings.
 * @returns The text.
 */
export function renderVerification(report: {
  rows: readonly VerificationRow[];
  settings: { repetitions: number };
}): string {
  const table = markdownTable(
    [
      { header: "Candidates", align: "right" },
      { header: "One call: requests / eth_calls", align: "right" },
      { header: "One call ms (p50)", align: "right" },
      { header: "Per node in turn: requests", align: "right" },
      { header: "Per node in turn ms (p50)", align: "right" },
      { header: "Per node at once: requests / eth_calls", align: "right" },
      { header: "Per node at once ms (p50)", align: "right" },
      { header: "Round trips saved (in turn ÷ one)", align: "right" },
      { header: "Time saved (in turn ÷ one)", align: "right" },
    ],
    report.rows.map((row) => [
      formatInteger(row.candidates),
      `${row.oneCall.httpRequests} / ${row.oneCall.calls}`,
      formatMs(row.oneCall.wallMs.p50),
      formatInteger(row.perNodeInTurn.httpRequests),
      formatMs(row.perNodeInTurn.wallMs.p50),
      `${row.perNodeAtOnce.httpRequests} / ${formatInteger(row.perNodeAtOnce.calls)}`,
      formatMs(row.perNodeAtOnce.wallMs.p50),
      `${(row.perNodeInTurn.httpRequests / row.oneCall.httpRequests).toFixed(0)}×`,
      `${(row.perNodeInTurn.wallMs.p50 / row.oneCall.wallMs.p50).toFixed(1)}×`,
    ]),
  );
  return [
    `\nVerification cost: ${report.settings.repetitions} runs per way and size; requests counted at the HTTP level\n`,
    table,
    machineLine(),
  ].join("\n");
}
