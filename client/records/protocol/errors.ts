import { WaymarkError } from "../../kernel/errors/base.js";
import { errorFrameCodec } from "../../kernel/protocol/errorFrames.js";
import type { RoundTripErrors } from "../../kernel/protocol/roundTrip.js";
import type { RecordsErrorCodeName } from "./constants.js";
import { RECORDS_ERROR_CODES } from "./constants.js";
import type { RecordsError } from "./records.generated.js";

/** Options of every records error. */
export interface RecordsErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** A longer explanation. */
  details?: string | undefined;
  /** Which limit was hit (`puts`, `records`, `bytes`, `frame`, `value`, `name`, ...). */
  limit?: string | undefined;
  /** For rate limits: milliseconds until the request may succeed. */
  retryAfterMs?: number | undefined;
}

/**
 * Base class of the errors of the records protocol: those a node answers (its `code` is the wire
 * code) and those a client detects itself (a record whose signature does not verify is refused by
 * the client as by the node). Match on `name`, never on the message.
 */
export class RecordsProtocolError extends WaymarkError {
  override name = "RecordsProtocolError";
  /** The protocol error code this error travels as. */
  readonly code: RecordsErrorCodeName = "UNKNOWN";
  /** Which limit was hit, when one was. */
  readonly limit: string | undefined;

  /**
   * @param shortMessage - One line saying what went wrong.
   * @param options - Cause, details and limit.
   */
  constructor(shortMessage: string, options: RecordsErrorOptions = {}) {
    super(shortMessage, options);
    this.limit = options.limit;
  }
}

/** The node answered with a code this client does not know, or with `UNKNOWN`. */
export class RecordsUnknownError extends RecordsProtocolError {
  override name = "RecordsUnknownError" as const;
}

/** A frame could not be decoded or ended early. */
export class RecordsMalformedError extends RecordsProtocolError {
  override name = "RecordsMalformedError" as const;
  override readonly code = "MALFORMED" as const;
}

/** The node serves neither this protocol version nor this request kind. */
export class RecordsUnsupportedVersionError extends RecordsProtocolError {
  override name = "RecordsUnsupportedVersionError" as const;
  override readonly code = "UNSUPPORTED" as const;
}

/** A frame, name or value is larger than allowed; `limit` says which. */
export class RecordTooLargeError extends RecordsProtocolError {
  override name = "RecordTooLargeError" as const;
  override readonly code = "TOO_LARGE" as const;
}

/** A record breaks a rule of the protocol (bad name or owner, sequence out of range, …). */
export class InvalidRecordError extends RecordsProtocolError {
  override name = "InvalidRecordError" as const;
  override readonly code = "INVALID_RECORD" as const;
}

/** A record's signature does not recover to its owner: forged, altered, or signed for another registry. */
export class RecordBadSignatureError extends RecordsProtocolError {
  override name = "RecordBadSignatureError" as const;
  override readonly code = "BAD_SIGNATURE" as const;
}

/** The node holds a higher sequence for the name: a replayed or out-of-date record. */
export class RecordStaleSequenceError extends RecordsProtocolError {
  override name = "RecordStaleSequenceError" as const;
  override readonly code = "STALE_SEQUENCE" as const;
}

/** A record's expiry has passed, or lies further ahead than the node keeps records. */
export class RecordExpiredError extends RecordsProtocolError {
  override name = "RecordExpiredError" as const;
  override readonly code = "EXPIRED" as const;
}

/** The owner is over its quota of records or bytes on the node; `limit` says which. */
export class RecordQuotaExceededError extends RecordsProtocolError {
  override name = "RecordQuotaExceededError" as const;
  override readonly code = "QUOTA_EXCEEDED" as const;
}

/** A get or list breaks a rule (bad owner, a cursor the node did not issue, …). */
export class RecordsInvalidQueryError extends RecordsProtocolError {
  override name = "RecordsInvalidQueryError" as const;
  override readonly code = "INVALID_QUERY" as const;
}

/** The peer or the owner is over a rate; retry after `retryAfterMs`. Other peers are unaffected. */
export class RecordsRateLimitedError extends RecordsProtocolError {
  override name = "RecordsRateLimitedError" as const;
  override readonly code = "RATE_LIMITED" as const;
  /** Milliseconds until the same request may succeed. */
  readonly retryAfterMs: number;

  /**
   * @param shortMessage - One line saying what went wrong.
   * @param options - Limit, retry-after and cause.
   */
  constructor(shortMessage: string, options: RecordsErrorOptions = {}) {
    super(shortMessage, options);
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }
}

/** The node is stopping and takes no more requests. */
export class RecordsUnavailableError extends RecordsProtocolError {
  override name = "RecordsUnavailableError" as const;
  override readonly code = "UNAVAILABLE" as const;
}

/** The node failed while serving the request (for example its store). */
export class RecordsInternalError extends RecordsProtocolError {
  override name = "RecordsInternalError" as const;
  override readonly code = "INTERNAL" as const;
}

/** A request did not complete in time (the node waited for the request, or the client for the answer). */
export class RecordsTimeoutError extends RecordsProtocolError {
  override name = "RecordsTimeoutError" as const;
  override readonly code = "TIMEOUT" as const;
}

/**
 * The peer may not make this request: node-to-node sync (`/waymark/records/sync/1.0.0`) from a node
 * the replication policy does not admit (unregistered, another service, an untrusted provider).
 */
export class RecordsUnauthorizedError extends RecordsProtocolError {
  override name = "RecordsUnauthorizedError" as const;
  override readonly code = "UNAUTHORIZED" as const;
}

/** The node answered something that is not a valid response, or closed the stream without one. */
export class RecordsBadResponseError extends RecordsProtocolError {
  override name = "RecordsBadResponseError" as const;
}

/**
 * The connection to the node closed while a request waited for its answer. Whether a put took
 * effect is unknown (it is safe to send again: the same record is stored once).
 */
export class RecordsConnectionLostError extends RecordsProtocolError {
  override name = "RecordsConnectionLostError" as const;
}

/** The node could not be reached (dial or stream failure). */
export class RecordsUnreachableError extends RecordsProtocolError {
  override name = "RecordsUnreachableError" as const;
}

const FRAMES = errorFrameCodec<RecordsErrorCodeName, RecordsProtocolError>({
  codes: RECORDS_ERROR_CODES,
  classes: {
    UNKNOWN: RecordsUnknownError,
    MALFORMED: RecordsMalformedError,
    UNSUPPORTED: RecordsUnsupportedVersionError,
    TOO_LARGE: RecordTooLargeError,
    INVALID_RECORD: InvalidRecordError,
    BAD_SIGNATURE: RecordBadSignatureError,
    STALE_SEQUENCE: RecordStaleSequenceError,
    EXPIRED: RecordExpiredError,
    QUOTA_EXCEEDED: RecordQuotaExceededError,
    INVALID_QUERY: RecordsInvalidQueryError,
    RATE_LIMITED: RecordsRateLimitedError,
    UNAVAILABLE: RecordsUnavailableError,
    INTERNAL: RecordsInternalError,
    TIMEOUT: RecordsTimeoutError,
    UNAUTHORIZED: RecordsUnauthorizedError,
  },
  base: RecordsProtocolError,
});

/**
 * The name of an error code on the wire.
 *
 * @param code - A `RecordsError` code.
 * @returns Its name in {@link RECORDS_ERROR_CODES}; `UNKNOWN` for a code this version does not know.
 */
export function recordsErrorCodeName(code: number): RecordsErrorCodeName {
  return FRAMES.codeName(code);
}

/**
 * The typed error for an error frame a node answered, its text cut and escaped.
 *
 * @param frame - The decoded `RecordsError`.
 * @returns The matching {@link RecordsProtocolError} subclass; unknown codes give {@link RecordsUnknownError}.
 */
export function recordsErrorFromFrame(frame: RecordsError): RecordsProtocolError {
  return FRAMES.fromFrame(frame);
}

/**
 * The error frame a node answers for an error.
 *
 * @param error - A {@link RecordsProtocolError} with a code; anything else is answered as `INTERNAL`.
 * @returns The `RecordsError` to send.
 */
export function recordsErrorToFrame(error: unknown): RecordsError {
  return FRAMES.toFrame(error);
}

/** The records errors of the failures every request/response exchange has. */
export const RECORDS_ROUND_TRIP_ERRORS: RoundTripErrors = {
  timeout: (message, cause) => new RecordsTimeoutError(message, { cause }),
  unreachable: (message, cause) => new RecordsUnreachableError(message, { cause }),
  unsupported: (message, cause) => new RecordsUnsupportedVersionError(message, { cause }),
  badResponse: (message, cause) => new RecordsBadResponseError(message, { cause }),
  connectionLost: (message, cause) => new RecordsConnectionLostError(message, { cause }),
};
