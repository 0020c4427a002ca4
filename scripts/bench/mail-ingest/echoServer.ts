/**
 * The ingest bench's network floor, in its own process as the node is: a plain libp2p host (TCP,
 * Noise, Yamux, identify and ping, as a Waymark node) that answers `/waymark/bench/echo/1.1.0` (a
 * stream of several requests, as mail's `/1.1.0`) and `/1.0.0` (one request per stream) by writing
 * each request frame back, served by the same request/response code as the mail protocol
 * (`serveSession`, `serveRequest`) but with no mail handler and no store.
 * Prints `{ "multiaddr": ... }` as one JSON line once listening; stops on SIGTERM. Run from `dist/`
 * by the bench (`echoFloor.ts`).
 */
import { identify } from "@libp2p/identify";
import { ping } from "@libp2p/ping";
import { createLibp2p } from "libp2p";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { waymarkNoise } from "../../../client/kernel/p2p/noise.js";
import { waymarkTcp } from "../../../client/kernel/p2p/tcp.js";
import { waymarkYamux } from "../../../client/kernel/p2p/yamux.js";

import { Response } from "../../../client/mail/protocol/mail.generated.js";
import { MAIL_SERVING_ERRORS } from "../../../node/mail/server/servingErrors.js";
import type { ErrorFrame } from "../../../client/kernel/protocol/errorFrames.js";
import type { RequestHandlers } from "../../../node/serving/serveRequest.js";
import { serveRequest } from "../../../node/serving/serveRequest.js";
import { serveSession } from "../../../node/serving/serveSession.js";
import { ECHO_PROTOCOL, ECHO_SESSION_PROTOCOL } from "./echoProtocol.js";

const shutdown = new AbortController();
const host = await createLibp2p({
  addresses: { listen: ["/ip4/127.0.0.1/tcp/0"] },
  transports: [waymarkTcp()],
  connectionEncrypters: [waymarkNoise()],
  streamMuxers: [waymarkYamux()],
  services: { identify: identify(), ping: ping() },
  // As the bench's node: room for 1,000 peers on 127.0.0.1 (the node's `loopback` settings).
  connectionManager: {
    maxConnections: 20_000,
    ...LOOPBACK_CONNECTION_SETTINGS,
    allow: [...LOOPBACK_CONNECTION_SETTINGS.allow],
  },
});
const log = host.logger.forComponent("bench:echo");
const serving = {
  maxFrameBytes: 1_048_576,
  timeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  shutdown: shutdown.signal,
  errors: MAIL_SERVING_ERRORS,
  encodeError: (error: ErrorFrame) => Response.encode({ error }),
  log,
};
const echo: RequestHandlers = { handle: async (frame) => Promise.resolve(frame.subarray()) };
await host.handle(
  ECHO_PROTOCOL,
  (stream) => {
    void serveRequest(stream, serving, echo);
  },
  { maxInboundStreams: 1_024 },
);
await host.handle(
  ECHO_SESSION_PROTOCOL,
  (stream) => {
    void serveSession(stream, serving, echo);
  },
  { maxInboundStreams: 1_024 },
);
process.stdout.write(`${JSON.stringify({ multiaddr: host.getMultiaddrs()[0]?.toString() })}\n`);
process.on("SIGTERM", () => {
  shutdown.abort();
  void Promise.resolve(host.stop()).then(() => process.exit(0));
});
