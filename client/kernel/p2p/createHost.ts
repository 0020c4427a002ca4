import { identify } from "@libp2p/identify";
import type { KadDHT } from "@libp2p/kad-dht";
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from "@libp2p/kad-dht";
import type { Identify } from "@libp2p/identify";
import type { ComponentLogger, ConnectionGater, Libp2p, PeerInfo, PrivateKey } from "@libp2p/interface";
import type { Ping } from "@libp2p/ping";
import { ping } from "@libp2p/ping";
import type { Datastore } from "interface-datastore";
import type { Libp2pOptions, ServiceFactoryMap } from "libp2p";
import { createLibp2p } from "libp2p";

import { CONNECTION_DEFAULTS, DEFAULT_CONNECTION_MONITOR, DHT_PROTOCOL, PING_STREAMS } from "./constants.js";
import type { SpreadConnectionMonitor } from "./spreadConnectionMonitor.js";
import { spreadConnectionMonitor } from "./spreadConnectionMonitor.js";
import { waymarkNoise } from "./noise.js";
import { waymarkTcp } from "./tcp.js";
import { waymarkYamux } from "./yamux.js";

/** The services every Waymark host runs. */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- libp2p's ServiceMap needs an index signature, which interfaces lack
export type BaseServices = {
  identify: Identify;
  ping: Ping;
  dht: KadDHT;
  /** The connection monitor; absent when `connectionMonitor.enabled` is false. */
  spreadConnectionMonitor?: SpreadConnectionMonitor;
};

/** Options of {@link createWaymarkHost}. */
export interface WaymarkHostInit<S extends Record<string, unknown> = Record<string, never>> {
  /** The host's identity; a node uses its secp256k1 node key. A fresh key is made when absent. */
  privateKey?: PrivateKey | undefined;
  /** Addresses to listen on. @default ["/ip4/127.0.0.1/tcp/0"] */
  listen?: string[] | undefined;
  /** Addresses others should dial, replacing the listen addresses in what the host advertises. */
  announce?: string[] | undefined;
  /**
   * Run the DHT as a client only (queries, never stores records): clients do, nodes do not.
   * @default true
   */
  dhtClientMode?: boolean | undefined;
  /**
   * Which addresses of other peers the DHT keeps: `all`, or `public` to drop private and
   * loopback addresses (for a node on the public internet).
   * @default "all"
   */
  dhtAddressFilter?: "all" | "public" | undefined;
  /**
   * Milliseconds after start before the DHT's first self-query. Every DHT query waits for that
   * first self-query, so a short-lived client sets it to 0 to query as soon as it has a peer.
   * @default 1000 (libp2p's default)
   */
  dhtInitialSelfQueryDelayMs?: number | undefined;
  /**
   * Let DHT queries start at once: they wait neither for libp2p's start-up self-query nor for a
   * first peer in the routing table. A query on an empty table then finds nothing, so the caller
   * must wait for its entry points to be in the table first, as discovery does (`untilRouted`).
   * @default false
   */
  dhtSkipInitialSelfQuery?: boolean | undefined;
  /** Where the peer store and DHT records persist; in memory when absent. */
  datastore?: Datastore | undefined;
  /** Connection manager overrides (see {@link CONNECTION_DEFAULTS}). */
  connectionManager?:
    | {
        maxConnections?: number | undefined;
        inboundConnectionThreshold?: number | undefined;
        maxIncomingPendingConnections?: number | undefined;
        dialTimeoutMs?: number | undefined;
        /** Milliseconds an inbound connection may take to be ready. @default libp2p's (10 s) */
        inboundUpgradeTimeoutMs?: number | undefined;
        allow?: readonly string[] | undefined;
      }
    | undefined;
  /**
   * The host's connection monitor (`SpreadConnectionMonitor`, in place of libp2p's), which pings
   * each connection once per interval, not while its peer is heard from, and closes one whose ping
   * fails or is late. @default `DEFAULT_CONNECTION_MONITOR`: every 10 s, late after 5 s (libp2p's)
   */
  connectionMonitor?:
    | {
        /** False runs no monitor (a host that watches its connections otherwise). @default true */
        enabled?: boolean | undefined;
        /** Milliseconds between two pings of a connection whose peer was not heard from. */
        pingIntervalMs?: number | undefined;
        /** Milliseconds a ping may take before its connection is closed. */
        pingTimeoutMs?: number | undefined;
        /** Pings under way at once, over all connections. */
        maxPingsInFlight?: number | undefined;
        /** Milliseconds between two checks for due pings. */
        checkIntervalMs?: number | undefined;
      }
    | undefined;
  /** libp2p connection gater: decides which peers and addresses may connect, at each stage. */
  connectionGater?: ConnectionGater | undefined;
  /** More libp2p transports beside TCP (for example libp2p's circuit relay transport). @default none */
  transports?: Libp2pOptions["transports"];
  /** More libp2p services to mount beside identify, ping and the DHT (for example `mail`). */
  services?: ServiceFactoryMap<S> | undefined;
  /** libp2p metrics implementation, e.g. `prometheusMetrics()`. */
  metrics?: Libp2pOptions["metrics"];
  /** Where libp2p and its services log. @default libp2p's own, shown with `DEBUG=libp2p*` */
  logger?: ComponentLogger | undefined;
  /** Start the host before returning. @default true */
  start?: boolean | undefined;
}

/**
 * Creates the libp2p host of a Waymark node or client: TCP (and any `transports` given), Noise
 * (which proves the peer's key), Yamux, identify, ping and Waymark's own Kademlia DHT.
 *
 * @param init - Identity, addresses, DHT mode, persistence, limits and extra services.
 * @returns The libp2p host, started unless `start: false`.
 * @example
 * ```ts
 * const host = await createWaymarkHost({ privateKey, dhtClientMode: false, services: { mail: mailService() } });
 * ```
 */
export async function createWaymarkHost<S extends Record<string, unknown> = Record<string, never>>(
  init: WaymarkHostInit<S> = {},
): Promise<Libp2p<BaseServices & S>> {
  const limits = { ...CONNECTION_DEFAULTS, ...stripUndefined(init.connectionManager ?? {}) };
  const clientMode = init.dhtClientMode ?? true;
  const addressFilter = init.dhtAddressFilter === "public" ? removePrivateAddressesMapper : passthroughMapper;
  const self: { host?: Libp2p } = {};
  // kad-dht pings every peer a DHT answer names before it keeps it. A client keeps only the DHT
  // servers it is already connected to, so that a provider record (anyone may announce one) never
  // makes it dial a stranger, nor makes many clients dial a victim's address.
  const peerInfoMapper = clientMode
    ? (peer: PeerInfo): PeerInfo =>
        (self.host?.getConnections(peer.id).length ?? 0) > 0
          ? addressFilter(peer)
          : { ...peer, multiaddrs: [] }
    : addressFilter;
  const monitor = init.connectionMonitor ?? {};
  const services = {
    ...(init.services ?? {}),
    identify: identify(),
    // Connection monitors ping on the same protocol as a client's latency probe, so the two can
    // overlap: allow a few concurrent ping streams each way.
    ping: ping({ maxInboundStreams: PING_STREAMS, maxOutboundStreams: PING_STREAMS }),
    ...(monitor.enabled === false
      ? {}
      : {
          spreadConnectionMonitor: spreadConnectionMonitor({
            pingIntervalMs: monitor.pingIntervalMs ?? DEFAULT_CONNECTION_MONITOR.pingIntervalMs,
            pingTimeoutMs: monitor.pingTimeoutMs ?? DEFAULT_CONNECTION_MONITOR.pingTimeoutMs,
            maxPingsInFlight: monitor.maxPingsInFlight ?? DEFAULT_CONNECTION_MONITOR.maxPingsInFlight,
            checkIntervalMs: monitor.checkIntervalMs ?? DEFAULT_CONNECTION_MONITOR.checkIntervalMs,
          }),
        }),
    dht: kadDHT({
      protocol: DHT_PROTOCOL,
      clientMode,
      peerInfoMapper,
      ...(init.dhtSkipInitialSelfQuery === true ? { allowQueryWithZeroPeers: true } : {}),
      ...(init.dhtInitialSelfQueryDelayMs === undefined
        ? {}
        : { initialQuerySelfInterval: init.dhtInitialSelfQueryDelayMs }),
    }),
  } as ServiceFactoryMap<BaseServices & S>;
  const created = await createLibp2p<BaseServices & S>({
    ...(init.privateKey === undefined ? {} : { privateKey: init.privateKey }),
    ...(init.datastore === undefined ? {} : { datastore: init.datastore }),
    ...(init.metrics === undefined ? {} : { metrics: init.metrics }),
    ...(init.connectionGater === undefined ? {} : { connectionGater: init.connectionGater }),
    // The host's own monitor pings instead (see spreadConnectionMonitor.ts).
    connectionMonitor: { enabled: false },
    ...(init.logger === undefined ? {} : { logger: init.logger }),
    start: init.start ?? true,
    addresses: {
      listen: init.listen ?? ["/ip4/127.0.0.1/tcp/0"],
      ...(init.announce === undefined || init.announce.length === 0 ? {} : { announce: init.announce }),
    },
    transports: [waymarkTcp(), ...(init.transports ?? [])],
    connectionEncrypters: [waymarkNoise()],
    streamMuxers: [waymarkYamux()],
    connectionManager: {
      maxConnections: limits.maxConnections,
      inboundConnectionThreshold: limits.inboundConnectionThreshold,
      maxIncomingPendingConnections: limits.maxIncomingPendingConnections,
      dialTimeout: limits.dialTimeoutMs,
      ...(limits.inboundUpgradeTimeoutMs === undefined
        ? {}
        : { inboundUpgradeTimeout: limits.inboundUpgradeTimeoutMs }),
      allow: [...(limits.allow ?? [])],
    },
    services,
  });
  self.host = created;
  return created;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
