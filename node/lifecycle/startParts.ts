import { mkdir } from "node:fs/promises";

import type { Logger } from "pino";

import type { Announcement } from "../announce/announcer.js";
import { startAnnouncer } from "../announce/startAnnouncer.js";
import type { NodeConfig } from "../config/types.js";
import { createNodeHost } from "../host/createNodeHost.js";
import { openDatastore } from "../host/datastore.js";
import { startBootstrap } from "../host/startBootstrap.js";
import { loadNodeIdentity } from "../keys/loadIdentity.js";
import type { WaymarkNodeOptions } from "../nodeTypes.js";
import { createRegistryLink, resolveChainScope } from "../registration/chainScope.js";
import { followRegistryChanges, ownRegistrationMonitor } from "../registration/ownRegistration.js";
import type { RegistrationState } from "../registration/registrationMonitor.js";
import { collectRuntimes, prepareServices } from "../services/prepareServices.js";
import type { NodeState, NodeStatus } from "../status/nodeStatus.js";
import { startStatusParts } from "../status/startStatusParts.js";
import type { NodeParts } from "./nodeParts.js";

/** What {@link startParts} needs from the node. */
export interface StartPartsContext {
  config: NodeConfig;
  logger: Logger;
  options: WaymarkNodeOptions;
  /** Aborted when the node is stopped during start: starting gives up at the next step. */
  signal: AbortSignal;
  /** Moves the node to another state (`waiting-for-chain`, then `starting` again). */
  setState: (state: NodeState) => void;
  /** What `/status` shows. */
  status: () => NodeStatus;
  /** What `/healthz` answers. */
  healthy: () => boolean;
  /** Called after every check of the node's own registration. */
  onRegistrationCheck: (state: RegistrationState) => void;
  /** Called when the verdict on the node's own registration changes. */
  onRegistrationChange: (state: RegistrationState) => void;
  /** Called with every announcement's outcome. */
  onAnnouncement: (type: "announce:success" | "announce:failure", announcement: Announcement) => void;
}

/**
 * Starts a node's parts in order, setting each in `parts` as soon as it exists: the identity, the
 * metrics and status server, the registry link and chain id (waiting for the chain only when no
 * chain id is known), the datastore, the services and the libp2p host, the check of the node's
 * own registration and the registry's events, bootstrap, and the announcer.
 *
 * @param parts - Where the started parts go (for the node's getters and for `stopParts`).
 * @param context - Configuration, logger, options, signal and the node's callbacks.
 * @throws What a part throws (invalid configuration, an unusable key, a locked data directory), or
 * the signal's reason when the node was stopped meanwhile.
 */
export async function startParts(parts: NodeParts, context: StartPartsContext): Promise<void> {
  const { config, logger, signal } = context;
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const identity = await loadNodeIdentity(config, { ...context.options, logger });
  parts.identity = identity;
  const { metrics, statusServer } = await startStatusParts({
    config,
    identity,
    host: () => parts.host,
    status: context.status,
    healthy: context.healthy,
    runtimes: () => parts.runtimes.values(),
    logger,
  });
  parts.statusServer = statusServer;

  const link = createRegistryLink(config, logger);
  parts.link = link;
  const chain = await resolveChainScope(link, config, logger, {
    signal,
    onWait: () => {
      context.setState("waiting-for-chain");
    },
  });
  signal.throwIfAborted();
  context.setState("starting");
  parts.chain = chain;

  parts.datastore = await openDatastore(config.dataDir);
  signal.throwIfAborted();
  const { factories, runtimeKeys, policy } = await prepareServices({
    modules: context.options.modules ?? [],
    config,
    scope: chain.scope,
    link,
    ownProvider: () => parts.monitor?.state.providerId,
    logger,
  });
  const { host, handshakes } = await createNodeHost({
    config,
    privateKey: identity.privateKey,
    datastore: parts.datastore,
    metricsRegistry: metrics.registry,
    dataDir: config.dataDir,
    services: factories,
    logger,
  });
  parts.host = host;
  parts.handshakes = handshakes;
  signal.throwIfAborted();
  parts.runtimes = collectRuntimes(host, runtimeKeys, metrics.registry);
  logger.info(
    {
      peerId: identity.peerId.toString(),
      nodeAddress: identity.nodeAddress,
      addresses: host.getMultiaddrs().map(String),
      service: config.service,
      chainId: chain.chainId.toString(),
      chainIdSource: chain.source,
      serviceKey: chain.key.toString(),
      services: runtimeKeys,
    },
    "node started",
  );

  const monitor = ownRegistrationMonitor({
    link,
    config,
    nodeAddress: identity.nodeAddress,
    logger,
    onCheck: (state) => {
      metrics.recordVerdict(state.verdict);
      context.onRegistrationCheck(state);
    },
    onChange: context.onRegistrationChange,
  });
  parts.monitor = monitor;
  await monitor.start();
  signal.throwIfAborted();
  parts.stopWatching = followRegistryChanges({ link, config, logger, monitor, policy });
  parts.bootstrapper = startBootstrap(host, config, link, logger.child({ component: "bootstrap" }));
  parts.announcer = startAnnouncer({
    host,
    key: chain.key,
    config,
    runtimes: parts.runtimes,
    signal,
    logger,
    onAnnouncement: (type, announcement) => {
      metrics.recordAnnouncement(announcement);
      context.onAnnouncement(type, announcement);
    },
  });
}
