import { logger } from "@libp2p/logger";

import type { RegistryClient } from "../kernel/registry/connect.js";
import { readProviderPage } from "../kernel/registry/providers.js";
import type { ResolvedTrustPolicy } from "../options/index.js";

const log = logger("waymark:client:discovery");

/**
 * Providers read at most to bound the trusted nodes: one call. A registry with more providers gives
 * no bound (a selection then waits for the DHT as it would without one).
 */
export const TRUSTED_BOUND_PROVIDERS = 64;

/** What the registry's providers page says of the providers the trust policy accepts. */
export interface TrustedProviders {
  /**
   * The providers on the page the trust policy accepts (the registry's default ones, or those it
   * names, less the excluded ones). A provider past the page is not in it.
   */
  ids: ReadonlySet<bigint>;
  /** See {@link trustedNodeBound}; undefined when the registry has more providers than the page. */
  bound: number | undefined;
}

/**
 * Reads the registry's first page of providers (one call) and tells which of them the trust policy
 * accepts, and the sum of their node counts (see {@link trustedNodeBound}).
 *
 * A record of a node under one of these providers is one the client may contact before the node
 * itself is verified: its provider is one the user trusts, so it learns nothing of the client the
 * user would not tell it anyway. The node may still be rejected by `verifyNodes` (suspended,
 * retired meanwhile): only a verified node is ever selected.
 *
 * @param registry - The registry connection.
 * @param trust - The client's trust policy.
 * @returns The trusted providers, or undefined when a quorum of curators decides (each registry
 * has its own providers) or when the call fails.
 */
export async function trustedProviders(
  registry: RegistryClient,
  trust: ResolvedTrustPolicy,
): Promise<TrustedProviders | undefined> {
  if (trust.quorum !== undefined) return undefined;
  try {
    const { page, total } = await readProviderPage(registry, 0n, BigInt(TRUSTED_BOUND_PROVIDERS));
    const ids = new Set<bigint>();
    let bound = 0;
    for (const provider of page) {
      if (trust.excludeProviders.has(provider.id)) continue;
      const trusted =
        trust.providers === "default" ? provider.isDefault : trust.providers.includes(provider.id);
      if (!trusted) continue;
      ids.add(provider.id);
      bound += provider.nodeCount;
    }
    return { ids, bound: total > BigInt(page.length) ? undefined : bound };
  } catch (err) {
    log("cannot read the trusted providers: %e", err);
    return undefined;
  }
}

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
  return (await trustedProviders(registry, trust))?.bound;
}
