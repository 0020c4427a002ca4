import type { AuditRange } from "../auditDigest.js";

/** An envelope a server lacks: its id, and the slice of time it is dated in. */
export interface AuditMissingEnvelope {
  /** Envelope id, hex. */
  id: string;
  /** The slice the id was listed in (its envelope's timestamp lies in it), inclusive. */
  from: number;
  to: number;
}

/** What one audited server holds and lacks. */
export interface AuditServerReport {
  /** The server (its peer id). */
  server: string;
  /** Its provider, when known. */
  providerId: string | undefined;
  /** Envelopes it holds in the audited range. */
  held: number;
  /** Envelopes another audited server holds in the range and this one does not. */
  lacking: number;
  /** Of those, how many lie at or below its eviction floor (evicted for space, not lost). */
  belowFloor: number;
  /** The lacking envelopes, the first `maxReportedIds` of them. */
  missing: AuditMissingEnvelope[];
  /** Its eviction floor (the highest it reported); 0 when it evicted nothing. */
  floor: number;
  /** Requests sent to it, and the bytes they moved (request and response frames). */
  requests: number;
  bytes: number;
  /** Why it could not be audited (completely), when it could not. */
  error: { name: string; message: string } | undefined;
}

/** The outcome of an audit. */
export interface AuditReport {
  /** The audited range of envelope timestamps, inclusive. */
  range: AuditRange;
  /** One entry per server, in the order given. */
  servers: AuditServerReport[];
  /** Distinct envelopes any audited server holds in the range (as far as listed and agreed). */
  envelopes: number;
  /** True when every server answered and none lacks anything. */
  complete: boolean;
  /** Slices whose digests differed and were listed by id. */
  listedSlices: number;
  /** Ids listed, all servers together. */
  listedIds: number;
  /** Requests and bytes, all servers together. */
  requests: number;
  bytes: number;
  /** Milliseconds the audit took. */
  durationMs: number;
}
