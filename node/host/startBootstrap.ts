import type { Logger } from "pino";

import { getBootstrapRecords } from "../../client/kernel/registry/bootstrap.js";
import type { NodeConfig } from "../config/types.js";
import type { RegistryLink } from "../registration/registryLink.js";
import { Bootstrapper } from "./bootstrapper.js";
import type { NodeHost } from "./createNodeHost.js";

/**
 * Starts bootstrapping a node from its configured peers and, unless `registryBootstrap` is off,
 * from the registry's bootstrap records for its service. When the chain answers only later, an
 * isolated node bootstraps again at once.
 *
 * @param host - The node's host.
 * @param config - The node configuration.
 * @param link - The registry link.
 * @param logger - The bootstrap logger.
 * @returns The running bootstrapper; stop it with the node.
 */
export function startBootstrap(
  host: NodeHost,
  config: NodeConfig,
  link: RegistryLink,
  logger: Logger,
): Bootstrapper {
  const bootstrapper = new Bootstrapper({
    host,
    configured: config.bootstrap,
    readRegistry: config.registryBootstrap
      ? async () => {
          const client = link.client;
          if (client === undefined) return undefined;
          const records = await getBootstrapRecords(client, { service: config.service });
          return records.flatMap((record) => record.multiaddrs);
        }
      : undefined,
    interval: config.bootstrapInterval,
    logger,
  });
  bootstrapper.start();
  link.addEventListener("registry:connect", () => {
    if (host.getConnections().length === 0) void bootstrapper.bootstrap().catch(() => undefined);
  });
  return bootstrapper;
}
