import type { Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";

import { RECORDS_ERROR_CODES } from "../../client/records/protocol/constants.js";
import type { RecordsStatus } from "./types.js";

/** Milliseconds a status snapshot serves the metrics of one scrape. */
const SNAPSHOT_MS = 500;

const KINDS = ["put", "get", "list"] as const;
const SOURCES = ["put", "replication", "sync"] as const;
const OUTCOMES = ["ok", "error"] as const;

/**
 * Registers the records service's Prometheus metrics, read from its status when Prometheus scrapes
 * (nothing is recorded on the request path):
 *
 * - `waymark_records_requests_total{kind,outcome}`: puts, gets and lists answered, ok or error;
 * - `waymark_records_request_errors_total{code}`: requests answered with an error, by code;
 * - `waymark_records_refusals_total{reason}`: refusals by the limit that refused;
 * - `waymark_records_stored_total`: records newly stored since start;
 * - `waymark_records_stored_by_source_total{source}`: the same by source (put, replication, sync);
 * - `waymark_records_records`, `waymark_records_tombstones`, `waymark_records_owners`;
 * - `waymark_records_store_bytes`, `waymark_records_store_free_bytes`;
 * - `waymark_records_ready`: 1 once the start-up catch-up has ended;
 * - `waymark_records_replication_peers`, `waymark_records_replication_queued`,
 *   `waymark_records_replication_lag_seconds`: registered records servers known, records waiting
 *   to be forwarded, and the age of the oldest;
 * - `waymark_records_replication_forwarded_total`, `waymark_records_replication_dropped_total`;
 * - `waymark_records_replication_refused_total{reason}`: records a peer sent that were refused;
 * - `waymark_records_replication_refused_peers_total`: node-to-node streams of peers the policy
 *   does not admit.
 *
 * @param registry - The registry `/metrics` serves.
 * @param status - The service's current status.
 */
export function registerRecordsMetrics(registry: Registry, status: () => RecordsStatus): void {
  const registers = [registry];
  let snapshot: { at: number; status: RecordsStatus } | undefined;
  const current = (): RecordsStatus => {
    const now = Date.now();
    if (snapshot === undefined || now - snapshot.at > SNAPSHOT_MS) snapshot = { at: now, status: status() };
    return snapshot.status;
  };
  const counter = (
    name: string,
    help: string,
    labels: string[],
    read: (s: RecordsStatus) => [Record<string, string>, number][],
  ) =>
    new Counter({
      name,
      help,
      labelNames: labels,
      registers,
      collect() {
        this.reset();
        for (const [values, count] of read(current())) this.inc(values, count);
      },
    });
  const gauge = (name: string, help: string, read: (s: RecordsStatus) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(current()));
      },
    });

  counter(
    "waymark_records_requests_total",
    "Records requests answered since start, by kind and outcome (ok or error)",
    ["kind", "outcome"],
    (s) =>
      KINDS.flatMap((kind) =>
        OUTCOMES.map((outcome): [Record<string, string>, number] => [
          { kind, outcome },
          s.requests[kind][outcome],
        ]),
      ),
  );
  counter(
    "waymark_records_request_errors_total",
    "Records requests answered with an error since start, by error code",
    ["code"],
    (s) =>
      Object.keys(RECORDS_ERROR_CODES).map((code): [Record<string, string>, number] => [
        { code },
        s.errorsByCode[code] ?? 0,
      ]),
  );
  counter(
    "waymark_records_refusals_total",
    "Records requests refused since start, by the limit that refused them",
    ["reason"],
    (s) =>
      Object.entries(s.refusals).map(([reason, count]): [Record<string, string>, number] => [
        { reason },
        count,
      ]),
  );
  counter(
    "waymark_records_stored_total",
    "Records newly stored since start (duplicates not counted)",
    [],
    (s) => [[{}, s.stored]],
  );
  counter(
    "waymark_records_stored_by_source_total",
    "Records newly stored since start, by source (put, replication, sync); duplicates are not counted",
    ["source"],
    (s) => SOURCES.map((source): [Record<string, string>, number] => [{ source }, s.storedBySource[source]]),
  );
  gauge("waymark_records_records", "Live records the store holds", (s) => s.records);
  gauge("waymark_records_tombstones", "Tombstones the store holds", (s) => s.tombstones);
  gauge("waymark_records_owners", "Owners with a record or tombstone held", (s) => s.owners);
  gauge(
    "waymark_records_store_bytes",
    "Bytes the store holds, as counted against its capacity",
    (s) => s.bytesUsed,
  );
  gauge("waymark_records_store_free_bytes", "Capacity left, in bytes", (s) => s.freeBytes);
  gauge("waymark_records_ready", "1 once the start-up catch-up has ended, else 0", (s) => (s.ready ? 1 : 0));
  gauge(
    "waymark_records_replication_peers",
    "Registered records servers this node replicates with",
    (s) => s.replication.peers,
  );
  gauge(
    "waymark_records_replication_queued",
    "Records waiting to be forwarded to other records servers",
    (s) => s.replication.queued,
  );
  gauge(
    "waymark_records_replication_lag_seconds",
    "Age of the oldest record waiting to be forwarded",
    (s) => s.replication.lagMs / 1000,
  );
  counter(
    "waymark_records_replication_forwarded_total",
    "Records forwarded to other records servers since start",
    [],
    (s) => [[{}, s.replication.forwarded]],
  );
  counter(
    "waymark_records_replication_dropped_total",
    "Records not forwarded since start: dropped from a full queue or after a failed delivery (anti-entropy repairs them)",
    [],
    (s) => [[{}, s.replication.dropped]],
  );
  counter(
    "waymark_records_replication_refused_total",
    "Records other records servers sent that were refused since start, by reason",
    ["reason"],
    (s) =>
      Object.entries(s.replication.refused).map(([reason, count]): [Record<string, string>, number] => [
        { reason },
        count,
      ]),
  );
  counter(
    "waymark_records_replication_refused_peers_total",
    "Node-to-node streams refused since start because the replication policy does not admit their peer",
    [],
    (s) => [[{}, s.replication.refusedPeers]],
  );
}
