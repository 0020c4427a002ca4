import { WaymarkError } from "../../kernel/errors/base.js";
import { errorFrameCodec } from "../../kernel/protocol/errorFrames.js";
import type { MailErrorCodeName } from "./constants.js";
import { MAIL_ERROR_CODES } from "./constants.js";
import type { MailError } from "./mail.generated.js";

/** Options of every mail error. */
export interface MailErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** A longer explanation. */
  details?: string | undefined;
  /** Which limit was hit (`pushes`, `bytes`, `queries`, `streams`, `frame`, `payload`, ...). */
  limit?: string | undefined;
  /** For rate limits: milliseconds until the request may succeed. */
  retryAfterMs?: number | undefined;
}

/**
 * Base class of the errors of the mail protocol: those a node answers (its `code` is the wire
 * code) and those a client detects before sending. Match on `name`, never on the message.
 */
export class MailProtocolError extends WaymarkError {
  override name = "MailProtocolError";
  /** The protocol error code this error travels as. */
  readonly code: MailErrorCodeName = "UNKNOWN";
  /** Which limit was hit, when one was. */
  readonly limit: string | undefined;

  /**
   * @param shortMessage - One line saying what went wrong.
   * @param options - Cause, details and limit.
   */
  constructor(shortMessage: string, options: MailErrorOptions = {}) {
    super(shortMessage, options);
    this.limit = options.limit;
  }
}

/** The node answered with a code this client does not know, or with `UNKNOWN`. */
export class MailUnknownError extends MailProtocolError {
  override name = "MailUnknownError" as const;
}

/** A frame could not be decoded or ended early. */
export class MailMalformedError extends MailProtocolError {
  override name = "MailMalformedError" as const;
  override readonly code = "MALFORMED" as const;
}

/** The node serves neither this protocol version nor this request kind. */
export class MailUnsupportedVersionError extends MailProtocolError {
  override name = "MailUnsupportedVersionError" as const;
  override readonly code = "UNSUPPORTED" as const;
}

/** A frame or payload is larger than allowed; `limit` says which (`frame` or `payload`). */
export class MailTooLargeError extends MailProtocolError {
  override name = "MailTooLargeError" as const;
  override readonly code = "TOO_LARGE" as const;
}

/** An envelope breaks a rule of the protocol (empty or long topic, bad ttl, ...). */
export class MailInvalidEnvelopeError extends MailProtocolError {
  override name = "MailInvalidEnvelopeError" as const;
  override readonly code = "INVALID_ENVELOPE" as const;
}

/** An envelope timestamp is too far in the future or in the past for the node. */
export class MailTimestampOutOfRangeError extends MailProtocolError {
  override name = "MailTimestampOutOfRangeError" as const;
  override readonly code = "TIMESTAMP_OUT_OF_RANGE" as const;
}

/** A query breaks a rule (too many topics, `from` after `to`, a cursor the node did not issue). */
export class MailInvalidQueryError extends MailProtocolError {
  override name = "MailInvalidQueryError" as const;
  override readonly code = "INVALID_QUERY" as const;
}

/** The peer is over one of its limits; retry after `retryAfterMs`. Other peers are unaffected. */
export class MailRateLimitedError extends MailProtocolError {
  override name = "MailRateLimitedError" as const;
  override readonly code = "RATE_LIMITED" as const;
  /** Milliseconds until the same request may succeed. */
  readonly retryAfterMs: number;

  /**
   * @param shortMessage - One line saying what went wrong.
   * @param options - Limit, retry-after and cause.
   */
  constructor(shortMessage: string, options: MailErrorOptions = {}) {
    super(shortMessage, options);
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }
}

/** The peer may not make this request (node-to-node traffic from a peer not in the registry). */
export class MailUnauthorizedError extends MailProtocolError {
  override name = "MailUnauthorizedError" as const;
  override readonly code = "UNAUTHORIZED" as const;
}

/** The node is stopping and takes no more requests. */
export class MailUnavailableError extends MailProtocolError {
  override name = "MailUnavailableError" as const;
  override readonly code = "UNAVAILABLE" as const;
}

/** The node failed while serving the request (for example its store). */
export class MailInternalError extends MailProtocolError {
  override name = "MailInternalError" as const;
  override readonly code = "INTERNAL" as const;
}

/** A request did not complete in time (the node waited for the request, or the client for the answer). */
export class MailTimeoutError extends MailProtocolError {
  override name = "MailTimeoutError" as const;
  override readonly code = "TIMEOUT" as const;
}

/** The node answered something that is not a valid response, or closed the stream without one. */
export class MailBadResponseError extends MailProtocolError {
  override name = "MailBadResponseError" as const;
}

/**
 * The connection to the node closed while a request waited for its answer: the node stopped or
 * crashed, or the network dropped. Whether the request took effect is unknown (a push is safe to
 * send again: the node stores an envelope once).
 */
export class MailConnectionLostError extends MailProtocolError {
  override name = "MailConnectionLostError" as const;
}

/** The node could not be reached (dial or stream failure). */
export class MailUnreachableError extends MailProtocolError {
  override name = "MailUnreachableError" as const;
}

type MailErrorClass = new (shortMessage: string, options?: MailErrorOptions) => MailProtocolError;

const CLASSES: Record<MailErrorCodeName, MailErrorClass> = {
  UNKNOWN: MailUnknownError,
  MALFORMED: MailMalformedError,
  UNSUPPORTED: MailUnsupportedVersionError,
  TOO_LARGE: MailTooLargeError,
  INVALID_ENVELOPE: MailInvalidEnvelopeError,
  TIMESTAMP_OUT_OF_RANGE: MailTimestampOutOfRangeError,
  INVALID_QUERY: MailInvalidQueryError,
  RATE_LIMITED: MailRateLimitedError,
  UNAUTHORIZED: MailUnauthorizedError,
  UNAVAILABLE: MailUnavailableError,
  INTERNAL: MailInternalError,
  TIMEOUT: MailTimeoutError,
};

const FRAMES = errorFrameCodec<MailErrorCodeName, MailProtocolError>({
  codes: MAIL_ERROR_CODES,
  classes: CLASSES,
  base: MailProtocolError,
});

/**
 * The name of an error code on the wire.
 *
 * @param code - A `MailError` code.
 * @returns Its name in {@link MAIL_ERROR_CODES}; `UNKNOWN` for a code this version does not know.
 */
export function mailErrorCodeName(code: number): MailErrorCodeName {
  return FRAMES.codeName(code);
}

/**
 * The typed error for an error frame a node answered. Its message and limit are the peer's own
 * text: they are cut to 256 characters and their control and format characters escaped, so that
 * whatever prints or logs the error prints nothing the peer chose to hide in it.
 *
 * @param frame - The decoded `MailError`.
 * @returns The matching {@link MailProtocolError} subclass; unknown codes give {@link MailUnknownError}.
 */
export function errorFromFrame(frame: MailError): MailProtocolError {
  return FRAMES.fromFrame(frame);
}

/**
 * The error frame a node answers for an error.
 *
 * @param error - A {@link MailProtocolError} with a code; anything else is answered as `INTERNAL`.
 * @returns The `MailError` to send.
 */
export function errorToFrame(error: unknown): MailError {
  return FRAMES.toFrame(error);
}
