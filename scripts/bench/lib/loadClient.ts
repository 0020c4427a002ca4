import type { Connection, Libp2p } from "@libp2p/interface";
import { identify } from "@libp2p/identify";
import { ping } from "@libp2p/ping";
import { multiaddr } from "@multiformats/multiaddr";
import { createLibp2p } from "libp2p";

import { PING_STREAMS } from "../../../client/kernel/p2p/constants.js";
import { waymarkNoise } from "../../../client/kernel/p2p/noise.js";
import { waymarkTcp } from "../../../client/kernel/p2p/tcp.js";
import { waymarkYamux } from "../../../client/kernel/p2p/yamux.js";

/** A load-generating client: its own libp2p identity and one connection to the node. */
export interface LoadClient {
  /** The client's host. */
  readonly host: Libp2p;
  /** Its connection to the node; requests open streams on it. */
  readonly connection: Connection;
}

/** Options of {@link startLoadClient}. */
export interface LoadClientOptions {
  /**
   * Run libp2p's connection monitor, which pings the node every 10 s. A client that times its own
   * pings turns it off: the monitor's ping and a timed one on the same connection exceed the ping
   * protocol's stream limits (one outbound stream; two inbound on the node).
   * @default true
   */
  connectionMonitor?: boolean | undefined;
}

/**
 * Starts a lean libp2p host with a fresh identity and connects it to a node: the transport stack
 * and the identify and ping services of every Waymark client (so the node's identify and its
 * connection monitor's pings are answered as a real client answers them), without the DHT, which
 * a client only uses to discover. Each load client is a distinct peer with its own connection, so
 * the node applies its per-peer limits and pays its per-connection costs once per client.
 *
 * @param node - The node's multiaddr, ending in `/p2p/<peer id>`.
 * @param options - Whether the connection monitor runs.
 * @returns The client.
 */
export async function startLoadClient(node: string, options: LoadClientOptions = {}): Promise<LoadClient> {
  const host = await createLibp2p({
    addresses: { listen: [] },
    transports: [waymarkTcp()],
    connectionEncrypters: [waymarkNoise()],
    streamMuxers: [waymarkYamux()],
    // A Waymark client's ping limits: a timed ping may start while the last one's stream still closes.
    services: {
      identify: identify(),
      ping: ping({ maxInboundStreams: PING_STREAMS, maxOutboundStreams: PING_STREAMS }),
    },
    connectionManager: { maxConnections: 16, dialTimeout: 30_000 },
    connectionMonitor: { enabled: options.connectionMonitor ?? true },
  });
  try {
    const connection = await host.dial(multiaddr(node));
    return { host, connection };
  } catch (err) {
    await host.stop();
    throw err;
  }
}

/** Options of {@link startLoadClients}. */
export interface StartLoadClientsOptions {
  /** Clients connecting at once. @default 32 */
  concurrency?: number | undefined;
  /** Attempts per client before giving up; a failed attempt is counted in `failedDials`. @default 1 */
  attempts?: number | undefined;
  /** Incremented for every failed attempt that was retried. */
  failedDials?: { count: number } | undefined;
}

/**
 * Starts many load clients, a bounded number at a time.
 *
 * @param node - The node's multiaddr.
 * @param count - How many.
 * @param options - Concurrency and retries.
 * @returns The clients, in order.
 * @throws the last error when a client fails every attempt; the clients started meanwhile are
 * stopped first.
 */
export async function startLoadClients(
  node: string,
  count: number,
  options: StartLoadClientsOptions = {},
): Promise<LoadClient[]> {
  const { concurrency = 32, attempts = 1, failedDials } = options;
  const clients: LoadClient[] = new Array<LoadClient>(count);
  const start = async (): Promise<LoadClient> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startLoadClient(node);
      } catch (err) {
        if (attempt >= attempts) throw err;
        if (failedDials !== undefined) failedDials.count += 1;
      }
    }
  };
  const started: LoadClient[] = [];
  let next = 0;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count && failure === undefined; index = next++) {
        try {
          const client = await start();
          clients[index] = client;
          started.push(client);
        } catch (err) {
          failure ??= err;
        }
      }
    }),
  );
  if (failure !== undefined) {
    await stopLoadClients(started);
    throw failure instanceof Error ? failure : new Error("a load client could not connect");
  }
  return clients;
}

/**
 * Stops load clients, a bounded number at a time.
 *
 * @param clients - The clients.
 */
export async function stopLoadClients(clients: readonly LoadClient[]): Promise<void> {
  for (let i = 0; i < clients.length; i += 256) {
    await Promise.all(clients.slice(i, i + 256).map(async (client) => client.host.stop()));
  }
}
