import type { RpcRequest } from "../kernel/registry/rpcProvider.js";
import { firstBootstrapPageRequest } from "../kernel/registry/bootstrap.js";
import { providerPageRequest } from "../kernel/registry/providers.js";
import type { ResolvedClientOptions } from "../options/index.js";
import { TRUSTED_BOUND_PROVIDERS } from "./trustedNodeBound.js";

/**
 * The registry reads a client's first discovery starts with, as JSON-RPC requests: the first page of
 * bootstrap records (unless `registryBootstrap` is off) and, unless a quorum of curators decides,
 * the providers page that bounds the trusted nodes. Sent in the registry connection's first round
 * trip (`connectRegistry`'s `prefetch`), they make a cold client's first selection one round trip
 * shorter. They only name candidates: verification still asks the registry at the latest block.
 *
 * @param registry - The registry's address.
 * @param options - The client's resolved options.
 * @returns The requests, exactly as discovery sends them.
 */
export function discoveryFirstReads(
  registry: string,
  options: Pick<ResolvedClientOptions, "registryBootstrap" | "service" | "trust">,
): RpcRequest[] {
  if (!options.registryBootstrap) return [];
  const reads = [firstBootstrapPageRequest(registry, { service: options.service })];
  if (options.trust.quorum === undefined) {
    reads.push(providerPageRequest(registry, 0n, BigInt(TRUSTED_BOUND_PROVIDERS)));
  }
  return reads;
}
