import { logger } from "@libp2p/logger";

import type { RegistryClient } from "../kernel/registry/connect.js";
import type { ResolvedTrustPolicy } from "../options/index.js";

const log = logger("waymark:client:discovery");

/**
 * Providers read at most to bound the trusted nodes: one call. A registry with more providers gives
 * no bound (a selection then waits for the DHT as it would without one).
 */
export const TRUSTED_BOUND_PROVIDERS = 64;

/**
 * At most how many registered nodes the trust policy can trust: the sum of the node counts of the
 * providers it trusts (the registry's default ones, or those it names, less the excluded ones). A
 * node is trusted only under a trusted provider, and a provider's node count covers every node bound
 * to it (active or suspended, of any service), so the real number is never larger.
 *
 * Once that many trusted nodes are known from the registry's bootstrap records, the DHT cannot name
 * another one the registry would accept: a selection need not wait for it.
 *
 * @param registry - The registry connection.
 * @param trust - The client's trust policy.
 * @returns The bound, or undefined when the registry has more than {@link TRUSTED_BOUND_PROVIDERS}
 * providers, when a quorum of curators decides (each registry counts its own), or when the call
 * fails.
 */
export async function trustedNodeBound(
  registry: RegistryClient,
  trust: ResolvedTrustPolicy,
): Promise<number | undefined> {
  if (trust.quorum !== undefined) return undefined;
  try {
    const [page, total] = await registry.contract.getProviders(0n, BigInt(TRUSTED_BOUND_PROVIDERS));
    if (total > BigInt(page.length)) return undefined;
    let bound = 0;
    for (const provider of page) {
      if (trust.excludeProviders.has(provider.id)) continue;
      const trusted =
        trust.providers === "default" ? provider.isDefault : trust.providers.includes(provider.id);
      if (trusted) bound += Number(provider.nodeCount);
    }
    return bound;
  } catch (err) {
    log("cannot count the trusted providers' nodes: %e", err);
    return undefined;
  }
}
