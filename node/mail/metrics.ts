import type { Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";

import { MAIL_ERROR_CODES } from "../../client/mail/protocol/constants.js";
import type { EnvelopeSource, MailStatus } from "./types.js";

/** Milliseconds a status snapshot serves the metrics of one scrape. */
const SNAPSHOT_MS = 500;

const SOURCES: readonly EnvelopeSource[] = ["push", "replication", "sync"];

/**
 * Registers the mail service's Prometheus metrics, read from its status when Prometheus scrapes
 * (nothing is recorded on the request path):
 *
 * - `waymark_mail_requests_total{kind}`: pushes, queries and node-to-node requests answered;
 * - `waymark_mail_request_errors_total{code}`: requests answered with an error, by code;
 * - `waymark_mail_envelopes_stored_total{source}`: envelopes newly stored, by source;
 * - `waymark_mail_store_envelopes`, `waymark_mail_store_bytes`: what the store holds;
 * - `waymark_mail_ready`: 1 once the start-up catch-up has ended;
 * - `waymark_mail_replication_peers`, `waymark_mail_replication_queued`,
 *   `waymark_mail_replication_lag_seconds`: registered mail servers known, envelopes waiting to be
 *   forwarded, and the age of the oldest;
 * - `waymark_mail_replication_forwarded_total`, `waymark_mail_replication_dropped_total`.
 *
 * @param registry - The registry `/metrics` serves.
 * @param status - The service's current status.
 */
export function registerMailMetrics(registry: Registry, status: () => MailStatus): void {
  const registers = [registry];
  let snapshot: { at: number; status: MailStatus } | undefined;
  const current = (): MailStatus => {
    const now = Date.now();
    if (snapshot === undefined || now - snapshot.at > SNAPSHOT_MS) snapshot = { at: now, status: status() };
    return snapshot.status;
  };
  const counter = (
    name: string,
    help: string,
    label: string | undefined,
    read: (s: MailStatus) => Map<string, number>,
  ) =>
    new Counter({
      name,
      help,
      labelNames: label === undefined ? [] : [label],
      registers,
      collect() {
        this.reset();
        for (const [value, count] of read(current())) {
          if (label === undefined) this.inc(count);
          else this.inc({ [label]: value }, count);
        }
      },
    });
  const gauge = (name: string, help: string, read: (s: MailStatus) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(current()));
      },
    });

  counter(
    "waymark_mail_requests_total",
    "Mail requests answered successfully since start, by kind",
    "kind",
    (s) =>
      new Map([
        ["push", s.requests.pushes],
        ["query", s.requests.queries],
        ["sync", s.requests.sync],
      ]),
  );
  counter(
    "waymark_mail_request_errors_total",
    "Mail requests answered with an error since start, by error code",
    "code",
    (s) => new Map(Object.keys(MAIL_ERROR_CODES).map((code) => [code, s.requests.errorsByCode[code] ?? 0])),
  );
  counter(
    "waymark_mail_envelopes_stored_total",
    "Envelopes newly stored since start, by source (push, replication, sync); duplicates are not counted",
    "source",
    (s) => new Map(SOURCES.map((source) => [source, s.stored[source]])),
  );
  gauge("waymark_mail_store_envelopes", "Envelopes the store holds", (s) => s.messages);
  gauge(
    "waymark_mail_store_bytes",
    "Envelope bytes the store holds, as counted against its size limit",
    (s) => s.bytes,
  );
  gauge("waymark_mail_ready", "1 once the start-up catch-up has ended, else 0", (s) => (s.ready ? 1 : 0));
  gauge(
    "waymark_mail_replication_peers",
    "Registered mail servers this node replicates with",
    (s) => s.replication.peers,
  );
  gauge(
    "waymark_mail_replication_queued",
    "Envelopes waiting to be forwarded to other mail servers",
    (s) => s.replication.queued,
  );
  gauge(
    "waymark_mail_replication_lag_seconds",
    "Age of the oldest envelope waiting to be forwarded",
    (s) => s.replication.lagMs / 1000,
  );
  counter(
    "waymark_mail_replication_forwarded_total",
    "Envelopes forwarded to other mail servers since start",
    undefined,
    (s) => new Map([["", s.replication.forwarded]]),
  );
  counter(
    "waymark_mail_replication_dropped_total",
    "Envelopes not forwarded since start: dropped from a full queue or after a failed delivery (anti-entropy repairs them)",
    undefined,
    (s) => new Map([["", s.replication.dropped]]),
  );
}
