/**
 * Defaults of a completeness audit (`auditServers`, `waymark audit`, a node's audit of its peers).
 * A node bounds what it answers with its own options (`auditMaxRangeMs`, `auditMaxBuckets`,
 * `auditMaxIdsPerPage`); these defaults stay within the node defaults.
 */
export const AUDIT_DEFAULTS = {
  /** Time slices per digest, at every level of the bisection. */
  buckets: 64,
  /**
   * A slice whose digests differ is listed by id once no server holds more than this many
   * envelopes in it (or it cannot be cut further); above, it is cut into `buckets` slices again.
   */
  leafEnvelopes: 1_024,
  /** Widest range one request covers, in ms; a longer audit is cut into ranges this wide. */
  maxRangeMs: 3_600_000,
  /** Ids asked for per listing page. */
  idsPageSize: 4_096,
  /** Ids listed in one audit, all servers together, before it stops with `AuditBudgetExceededError`. */
  maxListedIds: 4_000_000,
  /** Lacking ids named per server in a report (the counts are always exact). */
  maxReportedIds: 10_000,
  /**
   * How far behind now an audit's default range ends, in ms: an envelope may arrive dated up to the
   * node's `maxPastSkewMs` (1 hour by default) in the past, then take a moment to replicate, so a
   * range that ends later may still be filling.
   */
  settleMs: 3_660_000,
} as const;

/** Bytes in an envelope id. */
export const AUDIT_ID_BYTES = 32;
