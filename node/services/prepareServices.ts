import type { ServiceFactoryMap } from "libp2p";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

import type { ServiceScope } from "../../client/kernel/service/serviceKey.js";
import type { NodeConfig } from "../config/types.js";
import type { NodeHost } from "../host/createNodeHost.js";
import { ReplicationPolicy } from "../registration/peerCheck.js";
import type { RegistryLink } from "../registration/registryLink.js";
import { mountServices, runtimeOf } from "./mount.js";
import type { NodeServiceModule, NodeServiceRuntime } from "./types.js";

/** Options of {@link prepareServices}. */
export interface PrepareServicesInit {
  modules: readonly NodeServiceModule[];
  config: NodeConfig;
  scope: ServiceScope;
  link: RegistryLink;
  /** The provider of this node, once its registration is known (its peers are trusted first). */
  ownProvider: () => bigint | undefined;
  /** The node's logger. */
  logger: Logger;
}

/** What {@link prepareServices} returns. */
export interface PreparedServices {
  /** The libp2p service factories to create the host with. */
  factories: ServiceFactoryMap<Record<string, unknown>>;
  /** The services' runtime keys, to await and report. */
  runtimeKeys: string[];
  /** The replication policy the services check peers with. */
  policy: ReplicationPolicy;
}

/**
 * Builds the replication policy and the service modules' libp2p factories, before the host
 * exists. A node without any module is allowed, and warned about: it joins the DHT but serves
 * nothing.
 *
 * @param init - Modules, configuration, scope, link, own provider and logger.
 * @returns The factories, runtime keys and policy.
 * @throws ServiceMountError when a module does not fit (see `mountServices`).
 */
export async function prepareServices(init: PrepareServicesInit): Promise<PreparedServices> {
  const { config, logger } = init;
  const policy = new ReplicationPolicy({
    link: init.link,
    config,
    ownProvider: init.ownProvider,
    logger: logger.child({ component: "peer-check" }),
  });
  const { factories, runtimeKeys } = await mountServices(init.modules, {
    config,
    scope: init.scope,
    link: init.link,
    checkPeers: policy.check,
    logger,
  });
  if (init.modules.length === 0) {
    logger.warn(
      { service: config.service },
      "no service module is mounted: the node joins the DHT but serves no requests",
    );
  }
  return { factories, runtimeKeys, policy };
}

/**
 * The mounted services' runtimes, read from the started host, each with its metrics added to the
 * node's registry.
 *
 * @param host - The started host.
 * @param runtimeKeys - The runtime keys from {@link prepareServices}.
 * @param metricsRegistry - The node's Prometheus registry.
 * @returns The runtimes by key.
 */
export function collectRuntimes(
  host: NodeHost,
  runtimeKeys: readonly string[],
  metricsRegistry: Registry,
): Map<string, NodeServiceRuntime> {
  const runtimes = new Map<string, NodeServiceRuntime>();
  for (const key of runtimeKeys) {
    const runtime = runtimeOf(host.services, key);
    runtimes.set(key, runtime);
    runtime.registerMetrics?.(metricsRegistry);
  }
  return runtimes;
}
