import type { AbortOptions, Logger, PeerId } from "@libp2p/interface";

import { compareSources } from "../../../client/mail/protocol/audit/compare.js";
import type { AuditReport } from "../../../client/mail/protocol/audit/report.js";
import { remoteAuditSource } from "../../../client/mail/protocol/audit/source.js";
import type { MailStreamSource } from "../../../client/mail/protocol/roundTrip.js";
import type { MailLimits } from "../options.js";
import type { MailStore } from "../store/types.js";
import { MailAuditFailedError } from "./errors.js";
import { storeAuditSource } from "./storeSource.js";

/** A replication peer to audit. */
export interface AuditedPeer {
  peer: PeerId;
  /** Its provider, as decimal text, when known. */
  providerId?: string | undefined;
}

/** What a {@link MailPeerAuditor} needs. */
export interface MailPeerAuditorInit {
  /** This node's peer id (its own store is one of the audited servers). */
  self: PeerId;
  store: MailStore;
  /** What requests go out on: the node's host. */
  host: MailStreamSource;
  /** The replication peers now. */
  peers(): AuditedPeer[] | Promise<AuditedPeer[]>;
  limits: Pick<
    MailLimits,
    | "auditIntervalMs"
    | "auditWindowMs"
    | "auditSettleMs"
    | "auditMaxRangeMs"
    | "auditMaxIdsPerPage"
    | "requestTimeoutMs"
  >;
  clock: () => number;
  log?: Logger | undefined;
  /** Called with each audit's report. */
  onReport?(report: AuditReport): void;
}

/** What the auditor has found since start: what the metrics read. */
export interface MailAuditStatus {
  /** Audits that ran to the end, and those that failed. */
  runs: { completed: number; failed: number };
  /** Envelopes found lacking, by server (peer id), summed over every audit (each range audited once). */
  missingTotal: ReadonlyMap<string, number>;
  /** Envelopes each server lacked in the last audit. */
  lastLacking: ReadonlyMap<string, number>;
  /** When the last audit ended (ms since the epoch), or undefined. */
  lastRunAt: number | undefined;
  /** The end of the last range audited, inclusive, or undefined. */
  auditedTo: number | undefined;
}

/** The status of an auditor that has not run: what the metrics read while the service is stopped. */
export const IDLE_AUDIT_STATUS: MailAuditStatus = {
  runs: { completed: 0, failed: 0 },
  missingTotal: new Map(),
  lastLacking: new Map(),
  lastRunAt: undefined,
  auditedTo: undefined,
};

/**
 * A node's periodic completeness audit of its replication peers, itself included: every
 * `auditIntervalMs` it compares what each holds (its own store read in place, each peer over the
 * client protocol's audit requests, hash-only) in the next range of envelope timestamps, from where
 * the last audit ended to `auditSettleMs` before now (at most `auditWindowMs`), so that each range
 * is audited once and the missing counts add up. Off when `auditIntervalMs` is 0.
 */
export class MailPeerAuditor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private shutdown = new AbortController();
  private running: Promise<AuditReport | undefined> | undefined;
  private readonly missingTotal = new Map<string, number>();
  private lastLacking = new Map<string, number>();
  private readonly runs = { completed: 0, failed: 0 };
  private lastRunAt: number | undefined;
  private auditedTo: number | undefined;

  constructor(private readonly init: MailPeerAuditorInit) {}

  /** Starts the periodic audits (nothing when `auditIntervalMs` is 0). */
  start(): void {
    this.shutdown = new AbortController();
    const interval = this.init.limits.auditIntervalMs;
    if (interval === 0) return;
    this.timer = setInterval(() => {
      if (this.running !== undefined) return;
      void this.audit({ signal: this.shutdown.signal }).catch((err: unknown) => {
        this.init.log?.("periodic audit failed: %e", err);
      });
    }, interval);
  }

  /** Stops the audits and waits for one in flight. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.shutdown.abort();
    await this.running?.catch(() => undefined);
  }

  /**
   * Audits the next range now.
   *
   * @param options - Signal.
   * @returns The report, or undefined when no new range has settled yet or no peer is known.
   * @throws MailAuditFailedError when the audit fails (fewer than two servers answered, a budget).
   */
  async audit(options: AbortOptions = {}): Promise<AuditReport | undefined> {
    if (this.running !== undefined) return this.running;
    this.running = this.run(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** What the auditor has found since start. */
  status(): MailAuditStatus {
    return {
      runs: { ...this.runs },
      missingTotal: this.missingTotal,
      lastLacking: this.lastLacking,
      lastRunAt: this.lastRunAt,
      auditedTo: this.auditedTo,
    };
  }

  private async run(options: AbortOptions): Promise<AuditReport | undefined> {
    const { limits, clock } = this.init;
    const to = clock() - limits.auditSettleMs;
    const from = Math.max(
      0,
      this.auditedTo === undefined ? to - limits.auditWindowMs + 1 : this.auditedTo + 1,
      to - limits.auditWindowMs + 1,
    );
    if (from > to) return undefined;
    const peers = await this.init.peers();
    if (peers.length === 0) return undefined;
    const sources = [
      storeAuditSource(this.init.store, this.init.self.toString(), clock),
      ...peers.map((entry) =>
        remoteAuditSource(this.init.host, entry.peer, entry.peer.toString(), {
          providerId: entry.providerId,
          timeoutMs: limits.requestTimeoutMs,
        }),
      ),
    ];
    let report: AuditReport;
    try {
      report = await compareSources(
        sources,
        { from, to },
        { maxRangeMs: limits.auditMaxRangeMs, idsPageSize: limits.auditMaxIdsPerPage },
        options,
      );
    } catch (err) {
      this.runs.failed += 1;
      throw new MailAuditFailedError("The audit of the replication peers failed", { cause: err });
    }
    this.runs.completed += 1;
    this.auditedTo = to;
    this.lastRunAt = clock();
    this.lastLacking = new Map(report.servers.map((server) => [server.server, server.lacking]));
    for (const server of report.servers) {
      this.missingTotal.set(server.server, (this.missingTotal.get(server.server) ?? 0) + server.lacking);
    }
    this.init.onReport?.(report);
    return report;
  }
}
