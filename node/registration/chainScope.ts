import type { CID } from "multiformats/cid";
import type { Logger } from "pino";

import type { ServiceScope } from "../../client/kernel/service/serviceKey.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { NodeConfig } from "../config/types.js";
import { RegistryLink } from "./registryLink.js";
import type { ChainIdSource, ResolveChainIdOptions } from "./resolveChainId.js";
import { resolveChainId, watchChainId } from "./resolveChainId.js";

/** The chain a node serves under, and the DHT key it announces. */
export interface ChainScope {
  chainId: bigint;
  /** Where the chain id came from. */
  source: ChainIdSource;
  /** Chain, registry and service: what the service key is derived from. */
  scope: ServiceScope;
  /** The DHT key the node announces. */
  key: CID;
}

/**
 * The node's registry link, built from its configuration (it connects lazily; see
 * {@link RegistryLink}).
 *
 * @param config - RPC URL, registry address, timeouts.
 * @param logger - The node's logger.
 * @returns The link, not yet connected.
 */
export function createRegistryLink(config: NodeConfig, logger: Logger): RegistryLink {
  return new RegistryLink({
    rpcUrl: config.rpcUrl,
    address: config.registry,
    rpcTimeout: config.rpcTimeout,
    retryInterval: config.registryRetryInterval,
    logger: logger.child({ component: "registry" }),
  });
}

/**
 * Learns the chain id (see `resolveChainId`) and derives the node's service key from it. When the id
 * did not come from the chain, the chain's own answer is checked against it once the chain answers.
 *
 * @param link - The registry link.
 * @param config - The node configuration.
 * @param logger - The node's logger.
 * @param options - `signal` stops waiting for the chain; `onWait` is called before waiting.
 * @returns The chain id, its source, the scope and the service key.
 * @throws InvalidConfigError as `resolveChainId` does.
 */
export async function resolveChainScope(
  link: RegistryLink,
  config: NodeConfig,
  logger: Logger,
  options: ResolveChainIdOptions = {},
): Promise<ChainScope> {
  const { chainId, source } = await resolveChainId(link, config, logger, options);
  const scope = { chainId, registry: config.registry, service: config.service };
  if (source !== "chain") watchChainId(link, config, chainId, logger);
  return { chainId, source, scope, key: serviceKey(scope) };
}
