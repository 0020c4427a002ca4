import { setTimeout } from "node:timers/promises";

import type { Connection, Libp2p } from "@libp2p/interface";
import { identify } from "@libp2p/identify";
import { ping } from "@libp2p/ping";
import type { TCPOptions, TCPSocketOptions } from "@libp2p/tcp";
import { multiaddr } from "@multiformats/multiaddr";
import { createLibp2p } from "libp2p";

import { CLIENT_CONNECTION_MONITOR, PING_STREAMS } from "../../../client/kernel/p2p/constants.js";
import { spreadConnectionMonitor } from "../../../client/kernel/p2p/spreadConnectionMonitor.js";
import { waymarkNoise } from "../../../client/kernel/p2p/noise.js";
import { waymarkTcp } from "../../../client/kernel/p2p/tcp.js";
import { waymarkYamux } from "../../../client/kernel/p2p/yamux.js";
import { silentLogger } from "./silentLogger.js";

/** One session's client peer: its own identity and its own connection to the node. */
export interface SessionClient {
  readonly host: Libp2p;
  /** The TCP + Noise + Yamux connection requests open their streams on. */
  readonly connection: Connection;
}

/** Options of {@link startSessionClient}. */
export interface SessionClientOptions {
  /**
   * How long one connection attempt may take, queueing at the node included (also libp2p's
   * per-address dial timeout). Longer than the node's inbound upgrade timeout (10 s), so that the
   * node, not the client, decides when a queued arrival has waited too long.
   * @default 30000
   */
  dialTimeoutMs?: number | undefined;
  /** Attempts before giving up; a busy node is tried again after a pause. @default 5 */
  attempts?: number | undefined;
  /** Pause before the second attempt; it doubles for each further one. @default 1000 */
  retryPauseMs?: number | undefined;
  /**
   * Whether the client pings its connection as a Waymark client's host does (60 s after the node
   * last answered it, `CLIENT_CONNECTION_MONITOR`; the node pings a quiet client either way). A late
   * answer never makes the client close its connection: that would measure the load process's own
   * event loop, not the node.
   * @default true
   */
  connectionMonitor?: boolean | undefined;
  /**
   * Whether the client asks the node's identify when it connects, as every libp2p host does (it
   * still answers the node's). Without it neither side signs or checks the node's peer record for
   * this connection: a lighter client, whose connection costs the node less than a real one's.
   * @default true
   */
  identifyOnConnect?: boolean | undefined;
  /**
   * The local IPv4 address the client connects from, e.g. one of 127.0.0.0/8, so that the node's
   * per-address limits see many client addresses as they would on a network.
   */
  localAddress?: string | undefined;
  /** Incremented for every failed attempt that was tried again. */
  failedDials?: { count: number } | undefined;
}

/**
 * Starts the lightest libp2p host that is still a real client peer, and connects it to a node:
 * TCP, Noise and Yamux with a fresh Ed25519 identity, and the identify and ping services (so
 * the node's identify and its connection monitor's pings are answered as a real client answers
 * them; the client asks the node's identify too unless `identifyOnConnect` is false). No DHT, no
 * listening address, no peer discovery, no logs. Many of these share one process.
 *
 * @param node - The node's multiaddr, ending in `/p2p/<peer id>`.
 * @param options - Timeouts, retries and whether the client pings the node.
 * @returns The client, connected.
 * @throws the last attempt's error when every attempt failed.
 */
export async function startSessionClient(
  node: string,
  options: SessionClientOptions = {},
): Promise<SessionClient> {
  const {
    dialTimeoutMs = 30_000,
    attempts = 5,
    retryPauseMs = 1_000,
    connectionMonitor = true,
    identifyOnConnect = true,
  } = options;
  const target = multiaddr(node);
  for (let attempt = 1; ; attempt++) {
    const host = await createLibp2p({
      addresses: { listen: [] },
      transports: [waymarkTcp(tcpOptions(options.localAddress))],
      connectionEncrypters: [waymarkNoise()],
      streamMuxers: [waymarkYamux()],
      // As every Waymark host: a few ping streams each way, so that the node's connection monitor
      // and the client's own never collide (one over the limit resets the stream, and a failed
      // ping makes libp2p close the connection).
      services: {
        identify: identify({ runOnConnectionOpen: identifyOnConnect }),
        ping: ping({ maxInboundStreams: PING_STREAMS, maxOutboundStreams: PING_STREAMS }),
        // Pings as a Waymark client's host does (`CLIENT_CONNECTION_MONITOR`): not while the node
        // answers the session's requests.
        ...(connectionMonitor
          ? {
              spreadConnectionMonitor: spreadConnectionMonitor({
                ...CLIENT_CONNECTION_MONITOR,
                closeOnFailure: false,
              }),
            }
          : {}),
      },
      // libp2p also bounds each address's dial (6 s by default), whatever the dial timeout: a
      // handshake queued at a busy node would be cut after 6 s.
      connectionManager: { maxConnections: 4, dialTimeout: dialTimeoutMs, addressDialTimeout: dialTimeoutMs },
      connectionMonitor: { enabled: false },
      logger: silentLogger(),
    });
    try {
      const connection = await host.dial(target, { signal: AbortSignal.timeout(dialTimeoutMs) });
      return { host, connection };
    } catch (err) {
      await host.stop();
      if (attempt >= attempts) throw err;
      if (options.failedDials !== undefined) options.failedDials.count += 1;
      await setTimeout(retryPauseMs * 2 ** (attempt - 1));
    }
  }
}

/** TCP options that bind outgoing sockets to `localAddress` (passed on to `net.connect`). */
function tcpOptions(localAddress: string | undefined): TCPOptions {
  if (localAddress === undefined) return {};
  const dialOpts: TCPSocketOptions & { localAddress: string } = { localAddress };
  return { dialOpts };
}
