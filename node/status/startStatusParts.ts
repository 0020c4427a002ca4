import type { Logger } from "pino";

import { routingTableSize } from "../../client/kernel/p2p/routingTable.js";
import type { NodeConfig } from "../config/types.js";
import type { NodeHost } from "../host/createNodeHost.js";
import type { NodeIdentity } from "../keys/nodeKeyStore.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { NodeMetrics } from "./metrics.js";
import { createNodeMetrics } from "./metrics.js";
import type { NodeStatus } from "./nodeStatus.js";
import type { StatusServer } from "./statusServer.js";
import { startStatusServer } from "./statusServer.js";
import { storesHoldLocks } from "./storeStatus.js";
import { waymarkVersion } from "./version.js";

/** Options of {@link startStatusParts}. */
export interface StatusPartsInit {
  config: NodeConfig;
  identity: NodeIdentity;
  /** The host, once it runs (connections and routing table are read from it at scrape time). */
  host: () => NodeHost | undefined;
  /** What `/status` shows. */
  status: () => NodeStatus;
  /** What `/healthz` answers (and false once a PostgreSQL store lost its schema lock). */
  healthy: () => boolean;
  /** The mounted services, whose stores' locks `/healthz` checks. */
  runtimes: () => Iterable<NodeServiceRuntime>;
  /** The node's logger. */
  logger: Logger;
}

/** What {@link startStatusParts} returns. */
export interface StatusParts {
  metrics: NodeMetrics;
  /** The status server, unless `statusListen` is `off`; close it when the node stops. */
  statusServer: StatusServer | undefined;
}

/**
 * Creates the node's metrics and starts its HTTP status server (`/healthz`, `/status`,
 * `/metrics`), early in start so that a node waiting for its chain already says so.
 *
 * @param init - Configuration, identity, and what the endpoints read.
 * @returns The metrics and the status server.
 */
export async function startStatusParts(init: StatusPartsInit): Promise<StatusParts> {
  const { config, identity } = init;
  const metrics = createNodeMetrics(
    {
      version: waymarkVersion(),
      peerId: identity.peerId.toString(),
      nodeAddress: identity.nodeAddress,
      service: config.service,
    },
    {
      connections: () => init.host()?.getConnections().length ?? 0,
      routingTableSize: () => routingTableSize(init.host()),
    },
  );
  if (config.statusListen === "off") return { metrics, statusServer: undefined };
  const statusServer = await startStatusServer({
    listen: config.statusListen,
    status: init.status,
    healthy: () => init.healthy() && storesHoldLocks(init.runtimes()),
    metrics: metrics.registry,
    logger: init.logger.child({ component: "status" }),
  });
  return { metrics, statusServer };
}
