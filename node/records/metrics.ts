import type { Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";

import { RECORDS_ERROR_CODES } from "../../client/records/protocol/constants.js";
import type { RecordsStatus } from "./types.js";

/** Milliseconds a status snapshot serves the metrics of one scrape. */
const SNAPSHOT_MS = 500;

const KINDS = ["put", "get", "list"] as const;
const OUTCOMES = ["ok", "error"] as const;

/**
 * Registers the records service's Prometheus metrics, read from its status when Prometheus scrapes
 * (nothing is recorded on the request path):
 *
 * - `waymark_records_requests_total{kind,outcome}`: puts, gets and lists answered, ok or error;
 * - `waymark_records_request_errors_total{code}`: requests answered with an error, by code;
 * - `waymark_records_refusals_total{reason}`: refusals by the limit that refused;
 * - `waymark_records_stored_total`: records newly stored since start;
 * - `waymark_records_records`, `waymark_records_tombstones`, `waymark_records_owners`;
 * - `waymark_records_store_bytes`, `waymark_records_store_free_bytes`.
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
  gauge("waymark_records_records", "Live records the store holds", (s) => s.records);
  gauge("waymark_records_tombstones", "Tombstones the store holds", (s) => s.tombstones);
  gauge("waymark_records_owners", "Owners with a record or tombstone held", (s) => s.owners);
  gauge(
    "waymark_records_store_bytes",
    "Bytes the store holds, as counted against its capacity",
    (s) => s.bytesUsed,
  );
  gauge("waymark_records_store_free_bytes", "Capacity left, in bytes", (s) => s.freeBytes);
}
