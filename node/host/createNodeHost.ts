import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { prometheusMetrics } from "@libp2p/prometheus-metrics";
import type { Datastore } from "interface-datastore";
import type { ServiceFactoryMap } from "libp2p";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { NODE_CONNECTION_MONITOR } from "../config/connectionDefaults.js";
import type { NodeConfig } from "../config/types.js";
import { libp2pLogger } from "../logging/libp2pLogger.js";
import { registerHandshakeMetrics, registerPingMetrics } from "../status/metrics.js";
import { allowListMatcher } from "./allowList.js";
import { withCachedNoiseSignature } from "./cachedNoiseSignature.js";
import { connectionsOverFileLimit, openFileLimit } from "./fileLimit.js";
import { HandshakeQueue } from "./handshakeQueue.js";
import { skipKnownStreamProtocols } from "./knownStreamProtocols.js";
import { linearConnectionList } from "./linearConnectionList.js";
import type { OwnPeerRecord } from "./ownPeerRecord.js";
import { ownPeerRecord } from "./ownPeerRecord.js";

/** The libp2p host of a server node: the base services plus whatever services are mounted. */
export type NodeHost = Libp2p<BaseServices & Record<string, unknown>>;

/** What {@link createNodeHost} returns: the started host and its inbound handshake queue. */
export interface NodeHostParts {
  host: NodeHost;
  /** The queue inbound connections wait in for their handshake; `/status` shows its figures. */
  handshakes: HandshakeQueue;
}

/** Options of {@link createNodeHost}. */
export interface CreateNodeHostInit {
  config: NodeConfig;
  privateKey: PrivateKey;
  /** The persistent datastore (peer store and DHT records). */
  datastore: Datastore;
  /** The registry that libp2p's own metrics are added to. */
  metricsRegistry: Registry;
  /** Where libp2p's filesystem metric looks. */
  dataDir: string;
  /** The mounted services' libp2p factories. */
  services: ServiceFactoryMap<Record<string, unknown>>;
  /** The node's logger, where libp2p's and the services' own log lines go. */
  logger: Logger;
}

/**
 * Creates and starts a server node's libp2p host: TCP, Noise, Yamux, identify, ping and Waymark's
 * DHT in server mode, persistent, with the configured addresses, limits and services, and
 * libp2p's metrics in the node's Prometheus registry. libp2p logs to the node's logger (see
 * {@link libp2pLogger}).
 *
 * Inbound connections run their handshakes `maxIncomingPendingConnections` at a time; up to
 * `inboundConnectionQueue` more wait their turn in arrival order (see {@link HandshakeQueue})
 * instead of being refused, so a client arriving at a busy node waits (`inboundUpgradeTimeout`
 * bounds its wait and handshake together); the queue's figures are in
 * the metrics registry and in the returned queue's `figures`. A warning is logged when
 * the open-file limit (`ulimit -n`) is lower than `maxConnections` needs.
 *
 * @param init - Configuration, identity, datastore, metrics and services.
 * @returns The started host and its handshake queue.
 */
export async function createNodeHost(init: CreateNodeHostInit): Promise<NodeHostParts> {
  const { config } = init;
  const fileLimit = openFileLimit();
  const fit = connectionsOverFileLimit(config.maxConnections, fileLimit);
  if (fit !== undefined) {
    init.logger.warn(
      { openFileLimit: fileLimit, maxConnections: config.maxConnections, connectionsThatFit: fit },
      "the open-file limit (ulimit -n) leaves room for fewer connections than maxConnections: connections beyond it are closed as they arrive; raise the limit (ulimit -n, LimitNOFILE=) or lower maxConnections",
    );
  }
  const handshakes = new HandshakeQueue({
    concurrency: config.maxIncomingPendingConnections,
    capacity: config.inboundConnectionQueue,
    exempt: allowListMatcher(config.connectionAllow),
  });
  registerHandshakeMetrics(init.metricsRegistry, () => handshakes.figures);
  const host = await createWaymarkHost<Record<string, unknown>>({
    privateKey: withCachedNoiseSignature(init.privateKey),
    listen: config.listen,
    announce: config.announce,
    dhtClientMode: false,
    dhtAddressFilter: config.dhtAddressFilter,
    datastore: init.datastore,
    connectionManager: {
      maxConnections: config.maxConnections,
      inboundConnectionThreshold: config.inboundConnectionThreshold,
      // libp2p counts an arrival as pending from accept until its muxer is ready, and refuses one
      // over its limit before the queue sees it. The queue decides (and counts) refusals, so
      // libp2p's limit leaves room for the running handshakes, the waiting ones, and as many
      // again past encryption that are still negotiating their muxer.
      maxIncomingPendingConnections: 2 * config.maxIncomingPendingConnections + config.inboundConnectionQueue,
      dialTimeoutMs: config.dialTimeout,
      inboundUpgradeTimeoutMs: config.inboundUpgradeTimeout,
      allow: config.connectionAllow,
    },
    connectionGater: handshakes.gater(),
    connectionMonitor: NODE_CONNECTION_MONITOR,
    services: {
      ...init.services,
      connectionList: linearConnectionList(),
      ownPeerRecord: ownPeerRecord(),
    },
    metrics: prometheusMetrics({ registry: init.metricsRegistry, statfsLocation: init.dataDir }),
    logger: libp2pLogger(init.logger),
  });
  // The node's own record and addresses are in its peer store before anything asks for them.
  await (host.services.ownPeerRecord as OwnPeerRecord).settled();
  const monitor = host.services.spreadConnectionMonitor;
  if (monitor !== undefined) registerPingMetrics(init.metricsRegistry, () => monitor.figures);
  skipKnownStreamProtocols(host.peerStore);
  return { host, handshakes };
}
