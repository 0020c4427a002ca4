/** Client protocol, version 1.0: put, get and list signed records. */
export const RECORDS_PROTOCOL_1_0 = "/waymark/records/1.0.0";

/**
 * Client protocol, version 1.1: the messages of 1.0, and a stream carries any number of requests,
 * each answered before the next is sent, so a client keeps its streams open between requests.
 */
export const RECORDS_PROTOCOL_1_1 = "/waymark/records/1.1.0";

/**
 * The client protocol versions this code speaks, newest first. A stream offers them all and the
 * node picks the newest it serves.
 */
export const RECORDS_PROTOCOLS: readonly string[] = [RECORDS_PROTOCOL_1_1, RECORDS_PROTOCOL_1_0];

/** The versions among {@link RECORDS_PROTOCOLS} whose streams carry several requests. */
export const RECORDS_SESSION_PROTOCOLS: readonly string[] = [RECORDS_PROTOCOL_1_1];

/** The EIP-712 domain name records are signed under. */
export const RECORDS_DOMAIN_NAME = "Waymark Records";

/** The EIP-712 domain version records are signed under. */
export const RECORDS_DOMAIN_VERSION = "1";

/** Bytes in an owner address. */
export const OWNER_BYTES = 20;

/** Bytes in a record signature (r, s, v). */
export const SIGNATURE_BYTES = 65;

/** Highest sequence a record may carry: integers stay exact in JavaScript and in SQLite. */
export const MAX_SEQUENCE = Number.MAX_SAFE_INTEGER;

/** Default limits of the protocol. Nodes may configure others; clients check these before sending. */
export const RECORDS_DEFAULTS = {
  /** Longest name, in bytes. */
  maxNameBytes: 64,
  /** Largest value, in bytes (4 KiB). */
  maxValueBytes: 4_096,
  /** Longest time ahead a record's expiry may be, in seconds (365 days). */
  maxLifetimeSeconds: 31_536_000,
  /** Names in a list page when the request asks for 0. */
  defaultListPageSize: 50,
  /** Largest list page; bigger requests are clamped. */
  maxListPageSize: 200,
  /** Largest response frame a client accepts (1 MiB). */
  maxResponseFrameBytes: 1_048_576,
  /** Milliseconds a request may take, from opening the stream to the end of the response. */
  requestTimeoutMs: 10_000,
  /** Milliseconds a node keeps a stream of several requests open while it waits for the next. */
  sessionIdleTimeoutMs: 60_000,
} as const;

/** Protocol error codes, as sent in `RecordsError.code`. */
export const RECORDS_ERROR_CODES = {
  UNKNOWN: 0,
  MALFORMED: 1,
  UNSUPPORTED: 2,
  TOO_LARGE: 3,
  INVALID_RECORD: 4,
  BAD_SIGNATURE: 5,
  STALE_SEQUENCE: 6,
  EXPIRED: 7,
  QUOTA_EXCEEDED: 8,
  INVALID_QUERY: 9,
  RATE_LIMITED: 10,
  UNAVAILABLE: 11,
  INTERNAL: 12,
  TIMEOUT: 13,
  UNAUTHORIZED: 14,
} as const;

/** One of {@link RECORDS_ERROR_CODES}' names. */
export type RecordsErrorCodeName = keyof typeof RECORDS_ERROR_CODES;
