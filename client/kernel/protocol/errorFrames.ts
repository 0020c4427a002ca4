import type { WaymarkError } from "../errors/base.js";
import { terminalSafe } from "../text/terminalText.js";

/** An error frame as every Waymark protocol sends it (`MailError`, `RecordsError`, …). */
export interface ErrorFrame {
  /** The protocol's code; an unknown code reads as `UNKNOWN`. */
  code: number;
  /** Human-readable detail; never parse it. */
  message: string;
  /** For rate limits: milliseconds until the request may succeed. */
  retryAfterMs: number;
  /** Which limit was hit, when one was. */
  limit: string;
}

/** Options a protocol error class is built with from a frame. */
export interface ErrorFrameOptions {
  /** Which limit was hit. */
  limit?: string | undefined;
  /** Milliseconds until the request may succeed. */
  retryAfterMs?: number | undefined;
}

/** What a protocol error carries: its code name, its one line, and optionally limit and retry time. */
export interface CodedError extends WaymarkError {
  /** The code name this error travels as; `UNKNOWN` for errors that never travel. */
  readonly code: string;
  /** Which limit was hit, when one was. */
  readonly limit: string | undefined;
  /** For rate limits: milliseconds until the request may succeed. */
  readonly retryAfterMs?: number;
}

/** Converts between a protocol's error frames and its typed errors. */
export interface ErrorFrameCodec<Name extends string, E extends CodedError> {
  /** The name of a wire code; `UNKNOWN` for a code this version does not know. */
  codeName(code: number): Name | "UNKNOWN";
  /** The typed error for a frame a node answered, its text made safe to print. */
  fromFrame(frame: ErrorFrame): E;
  /** The frame a node answers for an error; anything not of the protocol is `INTERNAL`. */
  toFrame(error: unknown): ErrorFrame;
}

/** Characters of a peer's error text kept at most (escaped). */
const MAX_REMOTE_TEXT = 256;

/**
 * Builds the converter between a protocol's error frames and its error classes. The peer's text
 * (message, limit) is cut to 256 characters and its control and format characters escaped, so
 * that whatever prints or logs the error prints nothing the peer chose to hide in it.
 *
 * @param spec - The protocol's codes (with `UNKNOWN` and `INTERNAL`), one class per code, and the
 * protocol's base class (what `toFrame` recognises).
 * @returns The converter.
 * @example
 * ```ts
 * const frames = errorFrameCodec({ codes: MAIL_ERROR_CODES, classes, base: MailProtocolError });
 * throw frames.fromFrame(response.error);
 * ```
 */
export function errorFrameCodec<Name extends string, E extends CodedError>(spec: {
  codes: Readonly<Record<Name | "UNKNOWN" | "INTERNAL", number>>;
  classes: Readonly<
    Record<Name | "UNKNOWN" | "INTERNAL", new (message: string, options?: ErrorFrameOptions) => E>
  >;
  base: abstract new (...args: never[]) => E;
}): ErrorFrameCodec<Name, E> {
  type Known = Name | "UNKNOWN" | "INTERNAL";
  const names = new Map<number, Known>(
    Object.entries(spec.codes).map(([name, code]) => [code, name as Known]),
  );
  const codeName = (code: number): Known => names.get(code) ?? "UNKNOWN";
  return {
    codeName: codeName as (code: number) => Name | "UNKNOWN",
    fromFrame(frame) {
      const name = codeName(frame.code);
      const remote = (text: string): string => terminalSafe(text, { maxLength: MAX_REMOTE_TEXT });
      const message = frame.message === "" ? `The node answered ${name}` : remote(frame.message);
      return new spec.classes[name](message, {
        limit: frame.limit === "" ? undefined : remote(frame.limit),
        retryAfterMs: frame.retryAfterMs,
      });
    },
    toFrame(error) {
      if (
        !(error instanceof spec.base) ||
        !Object.hasOwn(spec.codes, error.code) ||
        error.code === "UNKNOWN"
      ) {
        return { code: spec.codes.INTERNAL, message: "internal error", retryAfterMs: 0, limit: "" };
      }
      const retry = error.retryAfterMs ?? 0;
      return {
        code: spec.codes[error.code as Known],
        message: error.shortMessage,
        retryAfterMs: retry > 0 ? Math.min(Math.ceil(retry), 2 ** 32 - 1) : 0,
        limit: error.limit ?? "",
      };
    },
  };
}
