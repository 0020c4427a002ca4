import type { AbortOptions } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import type { PeerTarget, RoundTripErrors, StreamSource } from "../../kernel/protocol/roundTrip.js";
import { requestResponse } from "../../kernel/protocol/roundTrip.js";
import { MAIL_DEFAULTS, MAIL_SESSION_PROTOCOLS } from "./constants.js";
import {
  MailBadResponseError,
  MailConnectionLostError,
  MailTimeoutError,
  MailUnreachableError,
  MailUnsupportedVersionError,
} from "./errors.js";

/**
 * What opens a stream: a libp2p host (dials `peer`, replacing a connection that can no longer
 * open streams) or an open connection to `peer`.
 */
export type MailStreamSource = StreamSource;

/** The node to talk to: its peer id (the host finds its addresses) or its addresses. */
export type MailPeer = PeerTarget;

/** Options of every request of the low-level mail client. */
export interface MailRequestOptions extends AbortOptions {
  /**
   * Milliseconds the whole request may take (dial, send, answer); applies beside `signal`.
   * @default MAIL_DEFAULTS.requestTimeoutMs (10000)
   */
  timeoutMs?: number | undefined;
  /**
   * Largest response frame accepted, in bytes.
   * @default MAIL_DEFAULTS.maxResponseFrameBytes (8 MiB)
   */
  maxResponseFrameBytes?: number | undefined;
}

/** Parameters of {@link roundTrip}. */
export interface RoundTripParameters {
  /** Protocol versions offered, newest first. */
  protocols: readonly string[];
  /** The encoded request frame (without its length prefix). */
  request: Uint8Array;
  /**
   * The versions among `protocols` whose streams carry several requests.
   * @default MAIL_SESSION_PROTOCOLS
   */
  sessionProtocols?: readonly string[] | undefined;
}

/** The mail errors of the failures every request/response exchange has. */
const MAIL_ROUND_TRIP_ERRORS: RoundTripErrors = {
  timeout: (message, cause) => new MailTimeoutError(message, { cause }),
  unreachable: (message, cause) => new MailUnreachableError(message, { cause }),
  unsupported: (message, cause) => new MailUnsupportedVersionError(message, { cause }),
  badResponse: (message, cause) => new MailBadResponseError(message, { cause }),
  connectionLost: (message, cause) => new MailConnectionLostError(message, { cause }),
};

/**
 * Sends one length-prefixed request frame and reads one length-prefixed response frame (the
 * kernel's `requestResponse` with the mail errors): on `/waymark/mail/1.1.0` over a stream kept
 * open between requests to the same node, on `/1.0.0` over a stream of its own.
 *
 * @param source - A host or a connection.
 * @param peer - The node; must be the connection's peer when `source` is a connection.
 * @param parameters - Protocols and request bytes.
 * @param options - Signal, timeout and response size limit.
 * @returns The response frame bytes and the protocol version the node chose.
 * @throws MailUnsupportedVersionError when the node speaks none of `protocols`.
 * @throws MailUnreachableError when no stream can be opened.
 * @throws MailTimeoutError when `timeoutMs` passes first.
 * @throws TypeError when `source` is a connection and `peer` is not its remote peer id.
 * @throws MailConnectionLostError when the connection closes before the answer arrives.
 * @throws MailBadResponseError when the node closes or resets the stream without an answer, or the
 * answer is larger than allowed.
 */
export async function roundTrip(
  source: MailStreamSource,
  peer: MailPeer,
  parameters: RoundTripParameters,
  options: MailRequestOptions = {},
): Promise<{ frame: Uint8ArrayList; protocol: string }> {
  return requestResponse(
    source,
    peer,
    {
      ...parameters,
      timeoutMs: options.timeoutMs ?? MAIL_DEFAULTS.requestTimeoutMs,
      maxResponseFrameBytes: options.maxResponseFrameBytes ?? MAIL_DEFAULTS.maxResponseFrameBytes,
      errors: MAIL_ROUND_TRIP_ERRORS,
      what: "mail",
      sessionProtocols: parameters.sessionProtocols ?? MAIL_SESSION_PROTOCOLS,
    },
    options,
  );
}
