import type { Libp2p } from "@libp2p/interface";

import type { Candidate } from "../../discovery/candidate.js";
import type { BaseServices } from "../../kernel/p2p/createHost.js";
import type { VerifiedCandidate } from "../../verification/types.js";
import { AUDIT_DEFAULTS } from "../protocol/audit/constants.js";
import { AuditTooFewServersError } from "../protocol/audit/errors.js";
import type { AuditReport } from "../protocol/audit/report.js";
import type { AuditServersParameters, AuditTarget } from "./auditServers.js";
import { auditServers } from "./auditServers.js";
import { peerIdsOf } from "../../kernel/identity/peerIdCache.js";

/** What {@link auditTrustedServers} needs of a client: its host, discovery and verification. */
export interface AuditContext {
  readonly host: Libp2p<BaseServices>;
  discover(): Promise<Candidate[]>;
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
}

/** Parameters of {@link auditTrustedServers}. */
export interface AuditTrustedServersParameters extends Omit<AuditServersParameters, "range"> {
  /** Earliest envelope timestamp audited, inclusive. @default an hour before `to` */
  from?: number | Date | undefined;
  /** Latest envelope timestamp audited, inclusive. @default `AUDIT_DEFAULTS.settleMs` before now */
  to?: number | Date | undefined;
  /** Audit every trusted server, not one per provider. @default false */
  allServers?: boolean | undefined;
  /** Cancels the audit. */
  signal?: AbortSignal | undefined;
}

/**
 * Audits the trusted mail servers of different providers for completeness: discovers candidates,
 * verifies them under the user's trust policy, takes one trusted server per provider (every one
 * with `allServers`), and compares what they hold in the range (see `auditServers`). Custom
 * servers are left out: no provider vouches for them.
 *
 * @param client - A client with discovery and verification (a Waymark client).
 * @param parameters - Range (by default the settled hour: it ends an hour and a minute before
 * now, since envelopes may arrive dated up to an hour in the past), server choice and tuning.
 * @returns The report.
 * @throws AuditTooFewServersError when fewer than two servers (of two providers, unless
 * `allServers`) are trusted; AuditInvalidParametersError, AuditBudgetExceededError.
 * @example
 * ```ts
 * const report = await client.audit();
 * if (!report.complete) for (const s of report.servers) console.log(s.server, s.lacking);
 * ```
 */
export async function auditTrustedServers(
  client: AuditContext,
  parameters: AuditTrustedServersParameters = {},
): Promise<AuditReport> {
  const to = millis(parameters.to) ?? Date.now() - AUDIT_DEFAULTS.settleMs;
  const from = millis(parameters.from) ?? to - 3_600_000 + 1;
  const verified = await client.verify(await client.discover());
  const trusted = verified
    .filter((candidate) => candidate.trusted && !candidate.custom && candidate.providerId !== undefined)
    .sort((a, b) => (a.peerId < b.peerId ? -1 : 1));
  const chosen = parameters.allServers === true ? trusted : onePerProvider(trusted);
  const providers = new Set(chosen.map((candidate) => candidate.providerId)).size;
  if (chosen.length < 2 || (parameters.allServers !== true && providers < 2)) {
    throw new AuditTooFewServersError(chosen.length, {
      details: `${trusted.length} trusted servers of ${providers} providers were found`,
      hint: "an audit compares servers of at least two providers; trust more providers, or pass allServers",
    });
  }
  const targets: AuditTarget[] = chosen.map((candidate) => ({
    peerId: candidate.peerId,
    dial: peerIdsOf(client.host).parse(candidate.peerId),
    providerId: candidate.providerId?.toString(),
  }));
  return auditServers(
    client.host,
    targets,
    { ...parameters, range: { from, to } },
    { signal: parameters.signal },
  );
}

function onePerProvider(candidates: readonly VerifiedCandidate[]): VerifiedCandidate[] {
  const seen = new Set<bigint | undefined>();
  return candidates.filter((candidate) => {
    if (seen.has(candidate.providerId)) return false;
    seen.add(candidate.providerId);
    return true;
  });
}

function millis(value: number | Date | undefined): number | undefined {
  return value instanceof Date ? value.getTime() : value;
}
