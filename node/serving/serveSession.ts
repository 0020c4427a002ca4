import type { Connection, Stream } from "@libp2p/interface";

import { heardFrom } from "../../client/kernel/p2p/connectionActivity.js";

import { NextRequest } from "./nextRequest.js";
import type { RequestHandlers, ServeRequestInit } from "./serveRequest.js";
import { serveExchange } from "./serveRequest.js";

/** How a stream that carries several requests is served. */
export interface ServeSessionInit extends ServeRequestInit {
  /**
   * Milliseconds the stream may wait for its next request; then the node ends it. The time a
   * request takes once its first bytes arrive is `timeoutMs`, as on a stream of one request.
   */
  idleTimeoutMs: number;
}

/**
 * Serves a stream that carries any number of requests, one after another: each is admitted, read,
 * handled and answered exactly as `serveRequest` serves a stream of one (the same limits, the same
 * typed error answers), and the stream stays open for the next. The node ends the stream (closing
 * its writable end) when the peer ends it, when no request begins within `idleTimeoutMs`, when the
 * service stops, and after answering an error that left a request frame unread (refused admission,
 * too large, malformed, late), since the next byte could no longer be known to begin a frame.
 *
 * @param stream - The inbound stream.
 * @param init - Limits, time limits, shutdown signal, the kind's errors and error encoder.
 * @param handlers - Admission, handling and release, run once per request.
 * @param connection - The stream's connection: each request begun marks its peer as heard from
 *   (`heardFrom`), so that the node does not ping a peer that is sending requests.
 */
export async function serveSession(
  stream: Stream,
  init: ServeSessionInit,
  handlers: RequestHandlers,
  connection?: Connection,
): Promise<void> {
  const waits = new NextRequest(stream, init.shutdown, init.idleTimeoutMs);
  try {
    for (;;) {
      if (!(await waits.next())) {
        await end(stream, init);
        return;
      }
      if (connection !== undefined) heardFrom(connection);
      if (!(await serveExchange(stream, init, handlers, true))) return;
    }
  } finally {
    waits.dispose();
  }
}

/**
 * Closes the writable end of a stream between requests, within `timeoutMs` (also when the service
 * is stopping, so the peer sees the end rather than a reset); a stream that cannot be closed in
 * that time is aborted.
 */
async function end(stream: Stream, init: ServeSessionInit): Promise<void> {
  if (stream.status !== "open") return;
  try {
    await stream.close({ signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
  }
}
