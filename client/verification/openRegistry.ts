import { JsonRpcProvider } from "ethers";

import { ConfigurationError } from "../errors/client.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { RegistryClient } from "../kernel/registry/connect.js";
import { connectRegistry } from "../kernel/registry/connect.js";
import { getProvider } from "../kernel/registry/providers.js";
import { watcherStartRequest } from "../kernel/registry/registryWatcher.js";
import { discoveryFirstReads } from "../discovery/firstReads.js";

/**
 * Connects a client to its registry and checks it: a Waymark registry answers at the address, on
 * the configured `chainId` (when one is), and every explicitly trusted provider exists. The first
 * round trip also reads what a cold client reads next (the event watcher's head block, the first
 * bootstrap records and providers page: see `discoveryFirstReads`), each answer given once to the
 * first identical request within two seconds.
 *
 * @param options - The client's resolved options.
 * @param reads - `discovery: false` for a registry discovery does not read (a quorum member's):
 *   its first round trip then carries only the watcher's head block.
 * @returns The connection.
 * @throws RpcUnreachableError when the chain RPC does not answer.
 * @throws RegistryNotFoundError when no registry is deployed at the address.
 * @throws ConfigurationError when the chain is not the configured `chainId`.
 * @throws RegistryRevertError `RegistryUnknownProvider` when a trusted provider does not exist.
 */
export async function openRegistry(
  options: ResolvedClientOptions,
  reads: { readonly discovery: boolean } = { discovery: true },
): Promise<RegistryClient> {
  const head = options.watchRegistry ? watcherStartRequest(options.maxBlockAgeMs) : undefined;
  const registry = await connectRegistry({
    rpcUrl: options.rpcUrl,
    provider: options.provider,
    address: options.registry,
    signer: options.signer,
    requestTimeoutMs: options.rpcTimeoutMs,
    // What a cold client reads next, in the same round trip.
    prefetch: [
      ...(head === undefined ? [] : [head]),
      ...(reads.discovery ? discoveryFirstReads(options.registry, options) : []),
    ],
  });
  try {
    if (options.chainId !== undefined && registry.chainId !== options.chainId) {
      throw new ConfigurationError(
        `The chain RPC serves chain ${registry.chainId}, not the configured chain ${options.chainId}`,
      );
    }
    if (options.trust.providers !== "default") {
      for (const id of options.trust.providers) await getProvider(registry, id);
    }
    return registry;
  } catch (err) {
    closeRegistry(registry, options);
    throw err;
  }
}

/**
 * Releases a registry connection the client made (its JSON-RPC provider); one the caller gave is
 * left alone.
 *
 * @param registry - The connection.
 * @param options - The client's resolved options.
 */
export function closeRegistry(
  registry: RegistryClient,
  options: Pick<ResolvedClientOptions, "provider">,
): void {
  if (options.provider === undefined && registry.provider instanceof JsonRpcProvider)
    registry.provider.destroy();
}
