import type { Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";

import type { MailAuditStatus } from "./peerAuditor.js";

/**
 * Registers the metrics of a node's periodic audit of its replication peers, read from the
 * auditor's status when Prometheus scrapes:
 *
 * - `waymark_mail_audit_missing_total{peer}`: envelopes found lacking on a server (this node's
 *   own peer id included), summed over every audit; each range is audited once;
 * - `waymark_mail_audit_lacking{peer}`: what each server lacked in the last audit;
 * - `waymark_mail_audit_runs_total{outcome}`: audits `completed` and `failed`;
 * - `waymark_mail_audit_last_run_timestamp_seconds`: when the last audit ended.
 *
 * @param registry - The registry `/metrics` serves.
 * @param status - The auditor's current status.
 */
export function registerMailAuditMetrics(registry: Registry, status: () => MailAuditStatus): void {
  const registers = [registry];
  new Counter({
    name: "waymark_mail_audit_missing_total",
    help: "Envelopes an audit found lacking on a mail server (this node included), summed over audits",
    labelNames: ["peer"],
    registers,
    collect() {
      this.reset();
      for (const [peer, count] of status().missingTotal) this.inc({ peer }, count);
    },
  });
  new Gauge({
    name: "waymark_mail_audit_lacking",
    help: "Envelopes each mail server lacked in the last audit",
    labelNames: ["peer"],
    registers,
    collect() {
      this.reset();
      for (const [peer, count] of status().lastLacking) this.set({ peer }, count);
    },
  });
  new Counter({
    name: "waymark_mail_audit_runs_total",
    help: "Audits of the replication peers, by outcome",
    labelNames: ["outcome"],
    registers,
    collect() {
      this.reset();
      const { runs } = status();
      this.inc({ outcome: "completed" }, runs.completed);
      this.inc({ outcome: "failed" }, runs.failed);
    },
  });
  new Gauge({
    name: "waymark_mail_audit_last_run_timestamp_seconds",
    help: "When the last audit of the replication peers ended (0: none yet)",
    registers,
    collect() {
      const at = status().lastRunAt;
      this.set(at === undefined ? 0 : at / 1000);
    },
  });
}
