import type { AbortOptions } from "@libp2p/interface";
import type { Logger } from "pino";

import { WaymarkError } from "../../client/kernel/errors/base.js";
import { redactUrl } from "../../client/kernel/text/redactUrl.js";
import type { NodeConfig } from "../config/types.js";
import { InvalidConfigError } from "../errors/config.js";
import { errorFields } from "../logging/errorFields.js";
import { recallChainId, rememberChainId } from "./chainMemory.js";
import type { RegistryLink } from "./registryLink.js";

/** Where the node's chain id came from. */
export type ChainIdSource = "chain" | "config" | "remembered";

/** Options of {@link resolveChainId}. */
export interface ResolveChainIdOptions extends AbortOptions {
  /** Called before waiting for the chain, when no chain id is known at all. */
  onWait?: (() => void) | undefined;
}

/**
 * The chain id the node announces under. The chain's own answer when it answers (checked against
 * the `chainId` option); otherwise the `chainId` option, else the id remembered in the data
 * directory from an earlier run, so that the node starts and announces while the chain is down.
 * Only a node that has never seen its chain and has no `chainId` option waits for the chain.
 *
 * @param link - The registry link.
 * @param config - The node configuration.
 * @param logger - Where to say what happened.
 * @param options - `signal` stops the waiting; `onWait` is called before it.
 * @returns The chain id and where it came from.
 * @throws InvalidConfigError `registry` when the chain answers but has no registry at the address,
 * `chainId` when the chain reports another chain id.
 */
export async function resolveChainId(
  link: RegistryLink,
  config: NodeConfig,
  logger: Logger,
  options: ResolveChainIdOptions = {},
): Promise<{ chainId: bigint; source: ChainIdSource }> {
  const client = await connectOrConfigError(link);
  if (client !== undefined) {
    await checkAgainstConfig(client.chainId, config);
    return { chainId: client.chainId, source: "chain" };
  }
  logger.warn(
    { rpcUrl: redactUrl(config.rpcUrl), ...errorFields(link.lastError) },
    "the chain RPC does not answer; the node starts anyway and retries in the background",
  );
  if (config.chainId !== undefined) return { chainId: config.chainId, source: "config" };
  const remembered = await recallChainId(config.dataDir, config.registry);
  if (remembered !== undefined) return { chainId: remembered, source: "remembered" };

  options.onWait?.();
  logger.warn(
    { retryInterval: config.registryRetryInterval },
    "waiting for the chain: its chain id scopes the service key (set the chainId option to start without it)",
  );
  const answered = await link.waitForConnection(options);
  await checkAgainstConfig(answered.chainId, config);
  return { chainId: answered.chainId, source: "chain" };
}

/**
 * Checks the chain's id against the `chainId` option and remembers it in the data directory.
 *
 * @param chainId - What the chain reported.
 * @param config - The node configuration.
 * @throws InvalidConfigError `chainId` when they differ.
 */
export async function checkAgainstConfig(chainId: bigint, config: NodeConfig): Promise<void> {
  if (config.chainId !== undefined && config.chainId !== chainId) {
    throw new InvalidConfigError(
      "chainId",
      `the chain at ${redactUrl(config.rpcUrl)} reports chain id ${chainId}`,
    );
  }
  await rememberChainId(config.dataDir, config.registry, chainId);
}

async function connectOrConfigError(
  link: RegistryLink,
): Promise<Awaited<ReturnType<RegistryLink["connect"]>>> {
  try {
    return await link.connect();
  } catch (err) {
    if (err instanceof WaymarkError && err.name === "RegistryNotFoundError") {
      throw new InvalidConfigError("registry", err.shortMessage, { cause: err });
    }
    throw err;
  }
}

/**
 * Once the chain answers, checks its chain id against the one a node started under without it
 * (from the `chainId` option or its memory), and logs an error when they differ: the node then
 * announces under a key no client of this chain looks up.
 *
 * @param link - The registry link.
 * @param config - The node configuration.
 * @param chainId - The chain id the node announces under.
 * @param logger - Where a mismatch is reported.
 */
export function watchChainId(link: RegistryLink, config: NodeConfig, chainId: bigint, logger: Logger): void {
  link.addEventListener("registry:connect", (event) => {
    checkAgainstConfig(event.detail.chainId, { ...config, chainId }).catch((err: unknown) => {
      logger.error(
        { err },
        "the chain's id differs from the one the node announces under: fix chainId and restart",
      );
    });
  });
}
