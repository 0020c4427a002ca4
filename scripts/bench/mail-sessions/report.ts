import { machineLine } from "../lib/results.js";
import type { Summary } from "../lib/stats.js";
import { formatMiB, formatMs } from "../lib/stats.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { WindowQuantiles } from "./nodeMetrics.js";
import type { NodeWarning } from "./nodeWarnings.js";
import type { ConnectionSetup } from "./setup.js";

/** The target: concurrent sessions one node holds with zero errors. */
export const SESSIONS_TARGET = { sessions: 10_000 } as const;

/** The figures of one step. */
export interface SessionStep {
  readonly sessions: number;
  /** Seconds it took to open this step's new sessions. */
  readonly rampSeconds: number;
  /** Errors while the new sessions were opening (not counted in `errors`). */
  readonly rampErrors: number;
  /** Connection attempts of new sessions that failed and were retried. */
  readonly rampFailedDials: number;
  readonly requestsPerSecond: number;
  readonly pushMs: Summary;
  readonly queryMs: Summary;
  /** Failed or timed-out requests in the measured window. */
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly nodeConnections: number;
  /** Connections the node has closed itself since it started (its connection monitor, after a late ping, or a failed handshake). */
  readonly nodeAbortedConnections: number | undefined;
  /**
   * The node's own time per client request in the window (its `waymark_mail_request_duration_seconds`
   * histogram: from the request's first bytes on its stream to the answer handed to the muxer);
   * undefined when `/metrics` did not answer. Absent in results written before it was measured.
   */
  readonly nodeRequestMs?: WindowQuantiles | undefined;
  readonly nodeFds: number;
  readonly nodeCores: number;
  readonly nodeRssBytes: number;
  readonly nodePeakRssBytes: number;
  /** Answer times of the node's `/healthz` through the window: its event-loop delay as clients see it. */
  readonly nodeStatusMs: Summary;
  readonly generatorCores: number;
  readonly generatorRssBytes: number;
  /** The worst event-loop delay p99 of the load processes, ms. */
  readonly generatorLagP99Ms: number;
  /** The longest event-loop delay of any load process, ms. Absent in results written before it was kept. */
  readonly generatorLagMaxMs?: number | undefined;
  readonly otherCores: number;
  /** The node's warnings from the start of the ramp to the end of the window, by kind. */
  readonly nodeWarnings: readonly NodeWarning[];
}

/**
 * Renders a step's node warnings, one line per kind.
 *
 * @param warnings - The warnings, the most frequent first.
 * @returns The lines, empty when the node warned of nothing.
 */
export function renderNodeWarnings(warnings: readonly NodeWarning[]): string[] {
  return warnings.map(
    (warning) =>
      `  ${warning.count} × ${warning.component ?? "node"}: ${warning.msg}` +
      (warning.example === undefined ? "" : ` (${warning.example})`),
  );
}

function kibPerSession(step: SessionStep, first: SessionStep | undefined): string {
  if (first === undefined || step === first) return "";
  return formatInteger(
    Math.round((step.nodeRssBytes - first.nodeRssBytes) / 1024 / (step.sessions - first.sessions)),
  );
}

/**
 * Renders the connection set-up floor as one sentence.
 *
 * @param setup - The measured set-up.
 * @returns The text.
 */
export function renderSetup(setup: ConnectionSetup): string {
  const failed = setup.failure === undefined ? "" : `; a connection failed every attempt: ${setup.failure}`;
  return (
    `connection set-up floor: ${formatInteger(setup.connections)} new connections in ${setup.seconds.toFixed(1)} s ` +
    `(${setup.perSecond.toFixed(0)} accepted/s, ${formatInteger(setup.failedDials)} dials retried), ` +
    `node CPU ${setup.nodeCpuMsPerConnection.toFixed(2)} ms per connection, ` +
    `load processes' CPU ${setup.clientsCpuMsPerConnection.toFixed(2)} ms per connection${failed}`
  );
}

/**
 * Renders the session figures as Markdown.
 *
 * @param report - Steps, settings and why the ramp stopped.
 * @returns The text.
 */
export function renderSessions(report: {
  steps: readonly SessionStep[];
  /** The connection set-up floor measured before the steps. */
  setup: ConnectionSetup | undefined;
  settings: {
    periodMs: number;
    historyPageSize: number;
    holdMs: number;
    loadProcesses: number;
    sessionsPerAddress: number;
  };
  stoppedBecause: string | undefined;
}): string {
  const { settings } = report;
  const held = report.steps.filter((step) => step.errors === 0).at(-1)?.sessions ?? 0;
  const table = markdownTable(
    [
      { header: "Sessions", align: "right" },
      { header: "Ramp s (dials retried)", align: "right" },
      { header: "Requests/s", align: "right" },
      { header: "Push p50/p99 ms", align: "right" },
      { header: "History p50/p99 ms", align: "right" },
      { header: "Node-side request p50/p99 ms", align: "right" },
      { header: "Errors", align: "right" },
      { header: "Node connections (closed by the node so far)", align: "right" },
      { header: "Node CPU (cores)", align: "right" },
      { header: "Node RSS MiB", align: "right" },
      { header: "Node KiB per session", align: "right" },
      { header: "Node /healthz p50/p99 (max) ms", align: "right" },
      { header: "Clients' CPU (cores)", align: "right" },
      { header: "Clients' RSS MiB", align: "right" },
      { header: "Clients' loop delay p99 (max) ms", align: "right" },
      { header: "Other processes (cores)", align: "right" },
    ],
    report.steps.map((step) => [
      formatInteger(step.sessions),
      `${step.rampSeconds.toFixed(0)} (${formatInteger(step.rampFailedDials)})`,
      formatInteger(Math.round(step.requestsPerSecond)),
      `${formatMs(step.pushMs.p50)} / ${formatMs(step.pushMs.p99)}`,
      `${formatMs(step.queryMs.p50)} / ${formatMs(step.queryMs.p99)}`,
      step.nodeRequestMs === undefined
        ? "?"
        : `${formatMs(step.nodeRequestMs.p50Ms)} / ${formatMs(step.nodeRequestMs.p99Ms)}`,
      formatInteger(step.errors),
      `${formatInteger(step.nodeConnections)} (${step.nodeAbortedConnections === undefined ? "?" : formatInteger(step.nodeAbortedConnections)})`,
      step.nodeCores.toFixed(2),
      `${formatMiB(step.nodeRssBytes)} (peak ${formatMiB(step.nodePeakRssBytes)})`,
      kibPerSession(step, report.steps[0]),
      `${formatMs(step.nodeStatusMs.p50)} / ${formatMs(step.nodeStatusMs.p99)} (${formatMs(step.nodeStatusMs.max)})`,
      step.generatorCores.toFixed(2),
      formatMiB(step.generatorRssBytes),
      `${formatMs(step.generatorLagP99Ms)} (${step.generatorLagMaxMs === undefined ? "?" : formatMs(step.generatorLagMaxMs)})`,
      step.otherCores.toFixed(2),
    ]),
  );
  return [
    `\nConcurrent sessions on one waymark-node process. A session is one client peer with its own identity and connection (TCP, Noise, Yamux) that every ${settings.periodMs / 1000} s sends one request, in turn a push of a 1 KiB message and a read of the newest ${settings.historyPageSize} envelopes of its topic; the peers live in ${settings.loadProcesses} load processes, ${settings.sessionsPerAddress} per loopback source address. Each step is measured for ${settings.holdMs / 1000} s after its sessions have settled. Node KiB per session: the node's RSS growth over the first step, per added session. Node-side request: the node's own histogram of the same requests (from their first bytes on their stream to the answer handed to the muxer; estimated within its buckets), so the rest of a client's latency is queueing before the node reads the bytes, the transport, and the load process\n`,
    table,
    "",
    ...(report.setup === undefined ? [] : [`The ${renderSetup(report.setup)}.`]),
    `Held with zero errors: ${formatInteger(held)} sessions (target ${formatInteger(SESSIONS_TARGET.sessions)}: ${held >= SESSIONS_TARGET.sessions ? "met" : "not met"}).`,
    ...(report.stoppedBecause === undefined ? [] : [`The ramp stopped: ${report.stoppedBecause}.`]),
    ...report.steps
      .filter((step) => step.firstError !== undefined)
      .map((step) => `First error with ${formatInteger(step.sessions)} sessions: ${step.firstError ?? ""}`),
    machineLine(),
  ].join("\n");
}
