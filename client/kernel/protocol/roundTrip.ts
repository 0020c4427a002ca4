import type { AbortOptions, Connection, PeerId, Stream } from "@libp2p/interface";
import { isPeerId } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import type { Multiaddr } from "@multiformats/multiaddr";
import type { Uint8ArrayList } from "uint8arraylist";

import type { StreamDialer } from "../p2p/openStream.js";
import { openProtocolStream } from "../p2p/openStream.js";

/**
 * What opens a stream: a libp2p host (dials `peer`, replacing a connection that can no longer
 * open streams) or an open connection to `peer`.
 */
export type StreamSource = StreamDialer | Pick<Connection, "newStream" | "remotePeer" | "status">;

/** The node to talk to: its peer id (the host finds its addresses) or its addresses. */
export type PeerTarget = PeerId | Multiaddr | Multiaddr[];

/**
 * The typed errors a service kind raises for the failures every request/response protocol has.
 * Each gets a one-line message and the cause.
 */
export interface RoundTripErrors {
  /** The whole request took longer than its time limit. */
  timeout(message: string, cause: unknown): Error;
  /** No stream could be opened (dial or negotiation failure). */
  unreachable(message: string, cause: unknown): Error;
  /** The node serves none of the offered protocol versions. */
  unsupported(message: string, cause: unknown): Error;
  /** The node closed or reset the stream without a valid answer, or answered too much. */
  badResponse(message: string, cause: unknown): Error;
  /** The connection closed before the answer arrived. */
  connectionLost(message: string, cause: unknown): Error;
}

/** Parameters of {@link requestResponse}. */
export interface RequestResponseParameters {
  /** Protocol versions offered, newest first. */
  protocols: readonly string[];
  /** The encoded request frame (without its length prefix). */
  request: Uint8Array;
  /** Milliseconds the whole request may take (dial, send, answer); applies beside the signal. */
  timeoutMs: number;
  /** Largest response frame accepted, in bytes. */
  maxResponseFrameBytes: number;
  /** The service kind's errors. */
  errors: RoundTripErrors;
  /** What the request is called in messages, e.g. `mail`. */
  what: string;
}

/**
 * Opens a stream, writes one length-prefixed request frame, closes the writable end and reads one
 * length-prefixed response frame: the exchange every Waymark client protocol uses. The response is
 * read while the request is still being written, so an early error answer (for example "too large")
 * is seen even if the node stops reading.
 *
 * @param source - A host or a connection.
 * @param peer - The node; must be the connection's peer when `source` is a connection.
 * @param parameters - Protocols, request bytes, limits and the kind's errors.
 * @param options - The caller's signal.
 * @returns The response frame bytes and the protocol version the node chose.
 * @throws The kind's `unsupported`, `unreachable`, `timeout`, `connectionLost` or `badResponse`
 * error; the signal's reason when the caller aborts.
 * @throws TypeError when `source` is a connection and `peer` is not its remote peer id.
 * @example
 * ```ts
 * const { frame } = await requestResponse(host, peerId, { protocols, request, timeoutMs: 10_000,
 *   maxResponseFrameBytes: 1 << 20, errors: RECORDS_ROUND_TRIP_ERRORS, what: "records" });
 * ```
 */
export async function requestResponse(
  source: StreamSource,
  peer: PeerTarget,
  parameters: RequestResponseParameters,
  options: AbortOptions = {},
): Promise<{ frame: Uint8ArrayList; protocol: string }> {
  const { errors, what } = parameters;
  const timeout = AbortSignal.timeout(parameters.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const fail = (err: unknown, wrap: (cause: unknown) => Error): Error => {
    if (options.signal?.aborted === true) return toError(options.signal.reason);
    if (timeout.aborted) return errors.timeout(`The ${what} request timed out`, err);
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
        ? errors.unsupported(
            `The node serves none of the protocol versions ${parameters.protocols.join(", ")}`,
            cause,
          )
        : errors.unreachable(`Could not open a ${what} stream to the node`, cause),
    );
  }

  const maxDataLength = parameters.maxResponseFrameBytes;
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
        ? errors.badResponse(`The node's answer is longer than the ${maxDataLength} bytes allowed`, cause)
        : connection.status === "open"
          ? errors.badResponse("The node closed the stream without a valid answer", cause)
          : errors.connectionLost("The connection to the node closed before it answered", cause),
    );
  }
}

async function openStream(
  source: StreamSource,
  peer: PeerTarget,
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
