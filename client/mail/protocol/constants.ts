/** Client protocol, version 1.0: push an envelope, query history. */
export const MAIL_PROTOCOL_1_0 = "/waymark/mail/1.0.0";

/**
 * Client protocol, version 1.1: the messages of 1.0, and a stream carries any number of requests,
 * each answered before the next is sent, so a client keeps its streams open between requests.
 */
export const MAIL_PROTOCOL_1_1 = "/waymark/mail/1.1.0";

/**
 * The client protocol versions this code speaks, newest first. A stream offers them all and the
 * node picks the newest it serves, so 1.0 nodes stay usable.
 */
export const MAIL_PROTOCOLS: readonly string[] = [MAIL_PROTOCOL_1_1, MAIL_PROTOCOL_1_0];

/** The versions among {@link MAIL_PROTOCOLS} whose streams carry several requests. */
export const MAIL_SESSION_PROTOCOLS: readonly string[] = [MAIL_PROTOCOL_1_1];

/** Domain separator hashed in front of every envelope id. */
export const ENVELOPE_ID_DOMAIN = "waymark/mail/envelope/1";

/** Bytes in an envelope id (sha-256). */
export const ENVELOPE_ID_BYTES = 32;

/** Default limits of the protocol. Nodes may configure others; clients check these before sending. */
export const MAIL_DEFAULTS = {
  /** Longest topic, in UTF-8 bytes. */
  maxTopicBytes: 256,
  /** Largest payload, in bytes (64 KiB). */
  maxPayloadBytes: 65_536,
  /** Envelopes in one push of several (`PushManyRequest`). */
  maxPushEnvelopes: 64,
  /** Topic and payload bytes of all the envelopes of one push of several together (64 KiB + 256). */
  maxPushBatchBytes: 65_792,
  /** Topics in one query. */
  maxTopicsPerQuery: 32,
  /** Envelopes in a page when the query asks for 0. */
  defaultPageSize: 50,
  /** Largest page; bigger requests are clamped. */
  maxPageSize: 100,
  /** Bytes of envelopes a node puts in one response page at most (4 MiB). */
  maxResponseBytes: 4_194_304,
  /** Largest response frame a client accepts (8 MiB). */
  maxResponseFrameBytes: 8_388_608,
  /** How far in the future an envelope timestamp may be (2 minutes). */
  maxFutureSkewMs: 120_000,
  /** How far in the past an envelope timestamp may be (1 hour). */
  maxPastSkewMs: 3_600_000,
  /** Longest time an envelope is kept, in seconds (30 days); longer ttls are clamped. */
  maxRetentionSeconds: 2_592_000,
  /** Milliseconds a request may take, from opening the stream to the end of the response. */
  requestTimeoutMs: 10_000,
  /** Milliseconds a node keeps a stream of several requests open while it waits for the next. */
  sessionIdleTimeoutMs: 60_000,
} as const;

/** Protocol error codes, as sent in `MailError.code`. */
export const MAIL_ERROR_CODES = {
  UNKNOWN: 0,
  MALFORMED: 1,
  UNSUPPORTED: 2,
  TOO_LARGE: 3,
  INVALID_ENVELOPE: 4,
  TIMESTAMP_OUT_OF_RANGE: 5,
  INVALID_QUERY: 6,
  RATE_LIMITED: 7,
  UNAUTHORIZED: 8,
  UNAVAILABLE: 9,
  INTERNAL: 10,
  TIMEOUT: 11,
} as const;

/** One of {@link MAIL_ERROR_CODES}' names. */
export type MailErrorCodeName = keyof typeof MAIL_ERROR_CODES;
