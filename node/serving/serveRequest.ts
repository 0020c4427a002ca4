import type { Logger, Stream } from "@libp2p/interface";
import type { Uint8ArrayList } from "uint8arraylist";

import type { ErrorFrame } from "../../client/kernel/protocol/errorFrames.js";
import { lengthPrefixed, pauseReading, readFrame } from "./frameReader.js";
import type { RequestTimer } from "./requestDurations.js";
import type { RequestSignal } from "./requestSignal.js";
import { requestSignal } from "./requestSignal.js";
import type { ServingErrors } from "./servingErrors.js";

/** How one request stream is served. */
export interface ServeRequestInit {
  /** Largest request frame; a longer one is answered TOO_LARGE without reading it. */
  maxFrameBytes: number;
  /** Milliseconds the peer has to send its frame, and the node to write its answer. */
  timeoutMs: number;
  /** Aborted when the service stops. */
  shutdown: AbortSignal;
  /** The service kind's errors: what to answer, and how an error becomes its error frame. */
  errors: ServingErrors;
  /** Encodes an error answer in the protocol's response message. */
  encodeError(error: ErrorFrame): Uint8Array;
  /** Called with each error answered. */
  onError?(error: ErrorFrame): void;
  /** Records each answered request's duration (see `RequestDurations`). */
  timer?: RequestTimer | undefined;
  log: Logger;
}

/** What serving a request does, in order. */
export interface RequestHandlers {
  /**
   * Runs before the frame is read (limits, authorisation); what it throws is answered at once.
   * When it returns, `release` runs after the answer.
   */
  admit?(signal: AbortSignal): void | Promise<void>;
  /** Turns the request frame into the response frame; what it throws is answered. */
  handle(frame: Uint8ArrayList, signal: AbortSignal): Promise<Uint8Array>;
  /** Undoes `admit`. */
  release?(): void;
}

/** Errors after which the stream is gone, so there is nobody to answer. */
const STREAM_GONE = new Set([
  "StreamResetError",
  "StreamAbortedError",
  "StreamStateError",
  "StreamClosedError",
  "ConnectionClosedError",
  "MuxerClosedError",
]);

/**
 * Serves one request on a stream: reads one length-prefixed frame, hands it to `handle`, writes
 * the one answer and closes. Every oversized, truncated, malformed or late frame, and every error
 * `handle` throws, is answered with a typed error frame; only this stream is closed.
 *
 * @param stream - The inbound stream.
 * @param init - Limits, timeout, shutdown signal, the kind's errors and error encoder.
 * @param handlers - Admission, handling and release.
 */
export async function serveRequest(
  stream: Stream,
  init: ServeRequestInit,
  handlers: RequestHandlers,
): Promise<void> {
  await serveExchange(stream, init, handlers, false);
}

/**
 * Serves one exchange of a stream: admission, the request frame, the handler, the answer.
 *
 * @param stream - The inbound stream.
 * @param init - Limits, timeout, shutdown signal, the kind's errors and error encoder.
 * @param handlers - Admission, handling and release.
 * @param keepOpen - Leave the stream open after the answer when it can carry another request.
 * @returns True when the stream is open for the next request: `keepOpen` was asked, the request
 * frame was read whole (so the next byte begins the next frame) and the answer was written. After
 * an error that left the frame unread (admission refused, too large, malformed, late, shutdown)
 * the answer is followed by the end of the stream.
 */
export async function serveExchange(
  stream: Stream,
  init: ServeRequestInit,
  handlers: RequestHandlers,
  keepOpen: boolean,
): Promise<boolean> {
  const started = performance.now();
  const request = requestSignal(init.shutdown, init.timeoutMs);
  const { signal } = request;
  let admitted = false;
  let read = false;
  let failed = false;
  try {
    let response: Uint8Array;
    try {
      if (init.shutdown.aborted) throw init.errors.unavailable("The node is stopping");
      await handlers.admit?.(signal);
      admitted = true;
      const frame = await readRequest(stream, request, init);
      read = true;
      response = await handlers.handle(frame, signal);
    } catch (err) {
      if (err instanceof Error && STREAM_GONE.has(err.name)) {
        init.log.trace("stream went away before the request was read: %s", err.message);
        stream.abort(err);
        return false;
      }
      const frame = init.errors.toFrame(err);
      if (!init.errors.isProtocolError(err)) init.log.error("request failed: %e", err);
      else init.log.trace("answering code %d", frame.code);
      init.onError?.(frame);
      response = init.encodeError(frame);
      failed = true;
    }
    const close = !(keepOpen && read && !init.shutdown.aborted);
    // The answer has a time limit of its own: the request's signal, started again, unless it has
    // already aborted (a timeout or a shutdown), when the answer gets a new one.
    const sent = (): void => {
      init.timer?.observe(performance.now() - started, failed);
    };
    if (request.restart()) return (await answer(stream, response, signal, close, sent)) && !close;
    const answering = requestSignal(init.shutdown, init.timeoutMs);
    try {
      await answer(stream, response, answering.signal, true, sent);
      return false;
    } finally {
      answering.dispose();
    }
  } finally {
    request.dispose();
    if (admitted) handlers.release?.();
  }
}

/**
 * Writes the answer after its length prefix and, when `close` is set, closes the writable end.
 * Reading stays paused, so whatever the peer still sends is held back by the muxer's flow control,
 * not buffered here.
 *
 * @param sent - Called once the answer is handed to the muxer, before the stream is closed.
 * @returns Whether the answer was written; on failure the stream is aborted.
 */
async function answer(
  stream: Stream,
  response: Uint8Array,
  signal: AbortSignal,
  close: boolean,
  sent: () => void,
): Promise<boolean> {
  pauseReading(stream);
  try {
    if (!stream.send(lengthPrefixed(response))) await stream.onDrain({ signal });
    sent();
    if (close) await stream.close({ signal });
    return true;
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
    return false;
  }
}

/** Reads the request frame, naming a shutdown or a timeout for what they are. */
async function readRequest(
  stream: Stream,
  request: RequestSignal,
  init: ServeRequestInit,
): Promise<Uint8ArrayList> {
  try {
    return await readFrame(stream, init.maxFrameBytes, request.signal, init.errors);
  } catch (err) {
    if (init.shutdown.aborted) throw init.errors.unavailable("The node is stopping", err);
    if (request.timedOut) throw init.errors.timeout("The request frame did not arrive in time", err);
    throw err;
  }
}
