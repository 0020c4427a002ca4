import type { AbortOptions, Connection, PeerId, Stream } from "@libp2p/interface";
import { isPeerId } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import type { Multiaddr } from "@multiformats/multiaddr";
import type { Uint8ArrayList } from "uint8arraylist";

import type { StreamDialer } from "../../kernel/p2p/openStream.js";
import { openProtocolStream } from "../../kernel/p2p/openStream.js";
import { MAIL_DEFAULTS } from "./constants.js";
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
export type MailStreamSource = StreamDialer | Pick<Connection, "newStream" | "remotePeer" | "status">;

/** The node to talk to: its peer id (the host finds its addresses) or its addresses. */
export type MailPeer = PeerId | Multiaddr | Multiaddr[];

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
}

/**
 * Opens a stream, writes one length-prefixed request frame, closes the writable end and reads one
 * length-prefixed response frame. The response is read while the request is still being written,
 * so an early error answer (for example "too large") is seen even if the node stops reading.
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
  const timeout = AbortSignal.timeout(options.timeoutMs ?? MAIL_DEFAULTS.requestTimeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const fail = (err: unknown, wrap: (cause: unknown) => Error): Error => {
    if (options.signal?.aborted === true) return toError(options.signal.reason);
    if (timeout.aborted) return new MailTimeoutError("The mail request timed out", { cause: err });
    return wrap(err);
  };

  if ("newStream" in source && !(isPeerId(peer) && peer.equals(source.remotePeer))) {
    throw new TypeError("`peer` must be the peer id of the connection the request goes over");
  }
  let stream: Stream;
  let connection: Pick<Connection, "status">;
  try {
    ({ stream, connection } = await openStream(source, peer, parameters.protocols, signal));
  } catch (err) {
    throw fail(err, (cause) =>
      isNamed(cause, "UnsupportedProtocolError")
        ? new MailUnsupportedVersionError(
            `The node serves none of the protocol versions ${parameters.protocols.join(", ")}`,
            { cause },
          )
        : new MailUnreachableError("Could not open a mail stream to the node", { cause }),
    );
  }

  const maxDataLength = options.maxResponseFrameBytes ?? MAIL_DEFAULTS.maxResponseFrameBytes;
  const lp = lpStream(stream, { maxDataLength, maxBufferSize: maxDataLength + 16 });
  const reading = lp.read({ signal });
  reading.catch(() => undefined);
  const progress = { written: false };
  // The node may answer before it has read the whole request (an early error such as "too large")
  // and stop reading: the answer, not the end of the write, decides.
  const writing = (async () => {
    await lp.write(parameters.request, { signal });
    progress.written = true;
    await stream.close({ signal });
  })();
  writing.catch(() => undefined);
  try {
    const frame = await reading;
    if (!progress.written) stream.abort(new Error("the node answered before the request was sent"));
    return { frame, protocol: stream.protocol };
  } catch (err) {
    stream.abort(toError(err));
    throw fail(err, (cause) =>
      isNamed(cause, "InvalidDataLengthError") || isNamed(cause, "StreamBufferError")
        ? new MailBadResponseError(`The node's answer is longer than the ${maxDataLength} bytes allowed`, {
            cause,
          })
        : connection.status === "open"
          ? new MailBadResponseError("The node closed the stream without a valid answer", { cause })
          : new MailConnectionLostError("The connection to the node closed before it answered", { cause }),
    );
  }
}

async function openStream(
  source: MailStreamSource,
  peer: MailPeer,
  protocols: readonly string[],
  signal: AbortSignal,
): Promise<{ stream: Stream; connection: Pick<Connection, "status"> }> {
  if ("newStream" in source)
    return { stream: await source.newStream([...protocols], { signal }), connection: source };
  return openProtocolStream(source, peer, [...protocols], { signal });
}

function isNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
