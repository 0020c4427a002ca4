import type { AbortOptions } from "@libp2p/interface";

import type { AuditRange } from "../protocol/auditDigest.js";
import type { MailPeer, MailStreamSource } from "../protocol/roundTrip.js";
import type { AuditTuning } from "../protocol/audit/compare.js";
import { compareSources } from "../protocol/audit/compare.js";
import type { AuditReport } from "../protocol/audit/report.js";
import { remoteAuditSource } from "../protocol/audit/source.js";

/** A server to audit. */
export interface AuditTarget {
  /** Its peer id, as text (named in the report). */
  peerId: string;
  /** Where to reach it: its peer id (the host knows its addresses) or its addresses. */
  dial: MailPeer;
  /** Its provider, as decimal text, when known. */
  providerId?: string | undefined;
}

/** Parameters of {@link auditServers}. */
export interface AuditServersParameters extends AuditTuning {
  /** Envelope timestamps to audit, inclusive (milliseconds since the epoch). */
  range: AuditRange;
  /** Milliseconds one request may take. @default 10000 */
  timeoutMs?: number | undefined;
  /** Longest wait for a server's rate limit before its error stands. @default 60000 */
  maxRateLimitWaitMs?: number | undefined;
}

/**
 * Audits mail servers for completeness: asks each for what it holds in a range of envelope
 * timestamps, hash-only (a digest per slice, ids only where the digests differ, see
 * `compareSources`), and reports what each lacks that another holds.
 *
 * Servers of one provider share a store policy and an operator; an audit means most across
 * providers (`auditTrustedServers` picks one server per trusted provider).
 *
 * @param host - The libp2p host the requests go out on.
 * @param servers - The servers, two or more.
 * @param parameters - Range and tuning.
 * @param options - Signal.
 * @returns The report: per server what it holds and lacks, and the cost.
 * @throws AuditInvalidParametersError, AuditTooFewServersError, AuditBudgetExceededError.
 * @example
 * ```ts
 * const hour = { from: Date.now() - 2 * 3_600_000, to: Date.now() - 3_600_000 };
 * const report = await auditServers(host, servers, { range: hour });
 * for (const s of report.servers) console.log(s.server, s.held, s.lacking);
 * ```
 */
export async function auditServers(
  host: MailStreamSource,
  servers: readonly AuditTarget[],
  parameters: AuditServersParameters,
  options: AbortOptions = {},
): Promise<AuditReport> {
  const sources = servers.map((server) =>
    remoteAuditSource(host, server.dial, server.peerId, {
      providerId: server.providerId,
      timeoutMs: parameters.timeoutMs,
      maxRateLimitWaitMs: parameters.maxRateLimitWaitMs,
    }),
  );
  return compareSources(sources, parameters.range, parameters, options);
}
