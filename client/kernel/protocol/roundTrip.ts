import type { AbortOptions, Connection, PeerId, Stream } from "@libp2p/interface";
import { isPeerId } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import type { Multiaddr } from "@multiformats/multiaddr";
import type { Uint8ArrayList } from "uint8arraylist";

import { heardFrom } from "../p2p/connectionActivity.js";
import type { StreamDialer } from "../p2p/openStream.js";
import { openProtocolStream } from "../p2p/openStream.js";
import { SessionStreams } from "./sessionStreams.js";

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
  /**
   * The versions among `protocols` whose streams carry several requests in turn: a stream that
   * negotiated one of them is kept open after its answer for the next request to the same node.
   */
  sessionProtocols?: readonly string[] | undefined;
}

/** The idle streams of every kind's session protocols, per connection. */
const sessions = new SessionStreams();

/**
 * Sends one length-prefixed request frame on a stream and reads one length-prefixed response
 * frame: the exchange every Waymark client protocol uses. On a version whose streams carry one
 * request, the stream is opened for the request and its writable end closed after it; on a
 * session version (`sessionProtocols`), an idle stream to the same node is taken when there is
 * one and the stream is kept for the next request after the answer. The response is read while
 * the request is still being written, so an early error answer (for example "too large") is seen
 * even if the node stops reading. A request on a kept stream that the node ended or reset before
 * answering (its idle time passed, or it ended the stream after refusing the last request) is sent
 * once more on a new stream: the node had not read it. Every Waymark request is idempotent (a push
 * sent twice is stored once), so even a request the node had read before losing the stream is safe
 * to send again. An answer marks the connection's peer as heard from (`heardFrom`), so that the
 * host's connection monitor does not ping a node that is answering requests.
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
  const offer = parameters.sessionProtocols === undefined ? undefined : parameters.protocols.join(" ");
  for (let reuse = offer !== undefined; ; reuse = false) {
    let opened: OpenedStream;
    try {
      opened = await openStream(source, peer, parameters.protocols, signal, reuse ? offer : undefined);
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
    const { stream, connection } = opened;
    const session = parameters.sessionProtocols?.includes(stream.protocol) === true;
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
      if (!session) await stream.close({ signal });
    })();
    writing.catch(() => undefined);
    try {
      const frame = await reading;
      heardFrom(connection);
      if (!progress.written) stream.abort(new Error("the node answered before the request was sent"));
      else if (session && offer !== undefined) sessions.keep(connection, offer, lp.unwrap());
      return { frame, protocol: stream.protocol };
    } catch (err) {
      stream.abort(toError(err));
      if (
        opened.reused &&
        ENDED_UNANSWERED.has(errorName(err)) &&
        !signal.aborted &&
        connection.status === "open"
      )
        continue;
      throw fail(err, (cause) =>
        isNamed(cause, "InvalidDataLengthError") || isNamed(cause, "StreamBufferError")
          ? errors.badResponse(`The node's answer is longer than the ${maxDataLength} bytes allowed`, cause)
          : connection.status === "open"
            ? errors.badResponse("The node closed the stream without a valid answer", cause)
            : errors.connectionLost("The connection to the node closed before it answered", cause),
      );
    }
  }
}

/** Errors of a stream the node ended or reset without answering. */
const ENDED_UNANSWERED: ReadonlySet<string> = new Set([
  "UnexpectedEOFError",
  "StreamResetError",
  "StreamAbortedError",
  "StreamClosedError",
  "StreamStateError",
]);

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : "";
}

/** A stream for a request, the connection it runs on, and whether it carried requests before. */
interface OpenedStream {
  stream: Stream;
  connection: Pick<Connection, "status">;
  reused: boolean;
}

/** An idle stream of the offer when `offer` is given and one is kept, else a new stream. */
async function openStream(
  source: StreamSource,
  peer: PeerTarget,
  protocols: readonly string[],
  signal: AbortSignal,
  offer: string | undefined,
): Promise<OpenedStream> {
  if ("newStream" in source) {
    const idle = offer === undefined ? undefined : sessions.take(source, offer);
    if (idle !== undefined) return { stream: idle, connection: source, reused: true };
    return { stream: await source.newStream([...protocols], { signal }), connection: source, reused: false };
  }
  let reused = false;
  const opened = await openProtocolStream(source, peer, [...protocols], {
    signal,
    reuse: (connection) => {
      const idle = offer === undefined ? undefined : sessions.take(connection, offer);
      reused = idle !== undefined;
      return idle;
    },
  });
  return { ...opened, reused };
}

function isNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
