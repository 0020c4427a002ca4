import type { ErrorFrame } from "../../client/kernel/protocol/errorFrames.js";

/** Options of a rate-limit refusal. */
export interface RateRefusal {
  /** Which limit refused (`streams`, `puts`, `queries`, …). */
  limit: string;
  /** Milliseconds until the same request may succeed. */
  retryAfterMs: number;
}

/**
 * The typed errors of one service kind that the shared serving parts raise and answer: what a
 * stream that is oversized, truncated, late, refused or served while stopping is answered with,
 * and how an error becomes the kind's error frame. Each kind supplies one (mail's
 * `MAIL_SERVING_ERRORS`, records' `RECORDS_SERVING_ERRORS`), so the serving code knows no kind.
 */
export interface ServingErrors {
  /** The error frame answered for an error; an error not of the protocol is answered `INTERNAL`. */
  toFrame(error: unknown): ErrorFrame;
  /** True for an error of the protocol, answered as it is; anything else is logged as a failure. */
  isProtocolError(error: unknown): boolean;
  /** The node is stopping (code `UNAVAILABLE`). */
  unavailable(message: string, cause?: unknown): Error;
  /** The request frame did not arrive in time (code `TIMEOUT`). */
  timeout(message: string, cause: unknown): Error;
  /** The request frame is larger than allowed (code `TOO_LARGE`, limit `frame`). */
  tooLarge(message: string): Error;
  /** The request frame ended early or could not be decoded (code `MALFORMED`). */
  malformed(message: string): Error;
  /** A peer or key is over a rate or a stream limit (code `RATE_LIMITED`). */
  rateLimited(message: string, refusal: RateRefusal): Error;
}
