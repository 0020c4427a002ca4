import { formatInteger, markdownTable } from "../lib/table.js";
import type { BootstrapPages, ClientBootstrapRead } from "./bootstrapPage.js";
import { ETH_CALL_GAS_CAPS } from "./targets.js";
import type { CallGasCap } from "./targets.js";

/** One `getBootstrapRecords` page in the report. */
export interface BootstrapPageRow {
  /** The `limit` asked for. */
  readonly limit: number;
  /** Records in the answer. */
  readonly records: number;
  /** `eth_estimateGas` of the call. */
  readonly gas: number;
  /** Bytes of the ABI-encoded answer. */
  readonly responseBytes: number;
  /** Whether the call fits under each of {@link ETH_CALL_GAS_CAPS}, in the same order. */
  readonly withinCaps: readonly boolean[];
}

/** The `getBootstrapRecords` part of `scripts/bench/results/gas.json`. */
export interface BootstrapPageReport {
  /** Published records, each {@link BootstrapPageReport.multiaddrsPerRecord} × {@link BootstrapPageReport.multiaddrBytes} bytes. */
  readonly published: number;
  readonly multiaddrsPerRecord: number;
  readonly multiaddrBytes: number;
  /** The caps the pages are compared with. */
  readonly callGasCaps: readonly CallGasCap[];
  readonly rows: readonly BootstrapPageRow[];
  /** Gas of one more record in a page: the slope between the smallest and the largest page. */
  readonly marginalGasPerRecord: number;
  /** Answer bytes of one more record in a page, likewise. */
  readonly marginalBytesPerRecord: number;
  /** The client library reading every published record. */
  readonly client: ClientBootstrapRead;
}

/**
 * Joins the page measurements with the caps they are compared with.
 *
 * @param measured - The measurements.
 * @returns The report part, with every figure a plain number.
 */
export function buildBootstrapPageReport(measured: BootstrapPages): BootstrapPageReport {
  const rows = measured.pages.map((page): BootstrapPageRow => ({
    limit: page.limit,
    records: page.records,
    gas: Number(page.gas),
    responseBytes: page.responseBytes,
    withinCaps: ETH_CALL_GAS_CAPS.map((cap) => Number(page.gas) <= cap.gas),
  }));
  const sized = [...rows].sort((a, b) => a.records - b.records);
  const first = sized[0];
  const last = sized.at(-1);
  const span = first === undefined || last === undefined ? 0 : last.records - first.records;
  const slope = (value: (row: BootstrapPageRow) => number): number =>
    span === 0 || first === undefined || last === undefined
      ? 0
      : Math.round((value(last) - value(first)) / span);
  return {
    published: measured.published,
    multiaddrsPerRecord: measured.multiaddrsPerRecord,
    multiaddrBytes: measured.multiaddrBytes,
    callGasCaps: ETH_CALL_GAS_CAPS,
    rows,
    marginalGasPerRecord: slope((row) => row.gas),
    marginalBytesPerRecord: slope((row) => row.responseBytes),
    client: measured.client,
  };
}

/** A cap as a short column header, for example `≤ 50M` or `≤ 16.8M`. */
const capHeader = (cap: CallGasCap): string => `≤ ${Number((cap.gas / 1_000_000).toFixed(1))}M`;

/**
 * Renders the page figures as the lines `npm run bench:gas` prints.
 *
 * @param report - The report part.
 * @returns The lines.
 */
export function renderBootstrapPageReport(report: BootstrapPageReport): string[] {
  const table = markdownTable(
    [
      { header: "Limit", align: "right" },
      { header: "Records", align: "right" },
      { header: "Gas", align: "right" },
      { header: "Answer bytes", align: "right" },
      ...report.callGasCaps.map((cap) => ({ header: capHeader(cap) })),
    ],
    report.rows.map((row) => [
      formatInteger(row.limit),
      formatInteger(row.records),
      formatInteger(row.gas),
      formatInteger(row.responseBytes),
      ...row.withinCaps.map((within) => (within ? "yes" : "no")),
    ]),
  );
  return [
    `getBootstrapRecords (eth_estimateGas and the eth_call answer's ABI bytes; ${formatInteger(report.published)} ` +
      `published records of ${report.multiaddrsPerRecord} × ${report.multiaddrBytes}-byte multiaddrs, the largest ` +
      `the registry accepts; the first page at each limit)`,
    "",
    table,
    "",
    `Marginal per record: ${formatInteger(report.marginalGasPerRecord)} gas, ` +
      `${formatInteger(report.marginalBytesPerRecord)} answer bytes`,
    "",
    `The client library (getBootstrapRecords) read the ${formatInteger(report.client.records)} records in ` +
      `${report.client.calls} eth_calls, ${formatInteger(report.client.answerBytes)} answer bytes in all, ` +
      `${formatInteger(report.client.largestAnswerBytes)} in the largest`,
    "",
    "eth_call gas caps compared:",
    "",
    ...report.callGasCaps.map((cap) => `- ${capHeader(cap)}: ${cap.name}`),
  ];
}
