import type { PeerId } from "@libp2p/interface";
import type { CID } from "multiformats/cid";
import type { Logger } from "pino";

import type { Announcer } from "../announce/announcer.js";
import type { NodeConfig } from "../config/types.js";
import type { NodeHost } from "../host/createNodeHost.js";
import type { HandshakeQueueFigures } from "../host/handshakeQueue.js";
import type { RegistrationState } from "../registration/registrationMonitor.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { NodeState, NodeStatus } from "./nodeStatus.js";
import { isoTime } from "./nodeStatus.js";
import { storeStatus } from "./storeStatus.js";
import { waymarkVersion } from "./version.js";
import { routingTableSize } from "../../client/kernel/p2p/routingTable.js";

/** The parts of a node that its status is read from; any may be absent while it starts. */
export interface StatusParts {
  state: NodeState;
  startedAt: number;
  config: NodeConfig;
  identity: { peerId: PeerId; nodeAddress: string } | undefined;
  chain: { chainId: bigint; key: CID } | undefined;
  host: NodeHost | undefined;
  /** The host's inbound handshake queue figures, once the host runs. */
  handshakes: HandshakeQueueFigures | undefined;
  registration: RegistrationState | undefined;
  /**
   * Why the chain cannot be reached, while it cannot: shown as the registration's error until the
   * registration is first checked (a node waiting for its chain has not checked it yet).
   */
  chainError?: string | undefined;
  announcer: Announcer | undefined;
  runtimes: ReadonlyMap<string, NodeServiceRuntime>;
  /** Where a service whose `status()` throws is logged. */
  logger: Logger;
}

/**
 * Reads a node's status from its parts.
 *
 * @param parts - The node's parts.
 * @returns What `/status` shows.
 */
export function collectStatus(parts: StatusParts): NodeStatus {
  const { config, host, registration, announcer } = parts;
  const last = announcer?.last;
  return {
    version: waymarkVersion(),
    state: parts.state,
    startedAt: new Date(parts.startedAt).toISOString(),
    uptimeSeconds: Math.round((Date.now() - parts.startedAt) / 1000),
    peerId: parts.identity?.peerId.toString() ?? "",
    nodeAddress: parts.identity?.nodeAddress ?? "",
    service: config.service,
    chainId: parts.chain?.chainId.toString() ?? null,
    registry: config.registry,
    serviceKey: parts.chain?.key.toString() ?? null,
    addresses: host?.getMultiaddrs().map(String) ?? [],
    registration: {
      verdict: registration?.verdict ?? "unknown",
      registered: registration?.registered ?? null,
      providerId:
        registration === undefined || registration.providerId === 0n
          ? null
          : registration.providerId.toString(),
      checkedAt: isoTime(registration?.checkedAt),
      stale: registration?.stale ?? false,
      error: (registration === undefined ? parts.chainError : registration.error) ?? null,
    },
    connections: host?.getConnections().length ?? 0,
    handshakes: parts.handshakes ?? null,
    dht: { mode: host?.services.dht.getMode() ?? null, routingTableSize: routingTableSize(host) },
    announcement: {
      last:
        last === undefined
          ? null
          : {
              at: new Date(last.at).toISOString(),
              ok: last.ok,
              peers: last.peers,
              durationMs: last.durationMs,
              error: last.error ?? null,
            },
      next: isoTime(announcer?.next),
      successes: announcer?.counts.successes ?? 0,
      failures: announcer?.counts.failures ?? 0,
    },
    services: Object.fromEntries(
      [...parts.runtimes].map(([key, runtime]) => {
        const shown = serviceStatus(key, runtime, parts.logger);
        const store = storeStatus(runtime);
        return [key, store === undefined ? shown : { ...shown, store }];
      }),
    ),
  };
}

function serviceStatus(key: string, runtime: NodeServiceRuntime, logger: Logger): Record<string, unknown> {
  try {
    return runtime.status();
  } catch (err) {
    logger.warn({ err, service: key }, "a service cannot report its status");
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
