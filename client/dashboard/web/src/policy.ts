import type { RegistryClient } from "../../../kernel/registry/connect.js";
import type { Verdict } from "../../../kernel/registry/verifyNodes.js";
import { verifyNodes } from "../../../kernel/registry/verifyNodes.js";
import type { PageNode } from "./registryData.js";

/** The trust policy chosen in the page: the same choices as the client's `trust` option. */
export interface PagePolicy {
  /** `default` trusts the registry's default providers; a list trusts exactly those. */
  providers: "default" | bigint[];
  /** Providers never to use, even when default. */
  excludeProviders: ReadonlySet<bigint>;
  /** Node addresses never to use (lower case). */
  excludeNodes: ReadonlySet<string>;
}

/** What the page says about one node. */
export interface PageVerdict {
  trusted: boolean;
  /** The registry's verdict, or `Excluded` when the policy excludes the node or its provider. */
  verdict: Verdict | "Excluded";
}

/** Nodes verified per `eth_call`, to keep each call well under the node's gas cap. */
const NODES_PER_CALL = 500;

/** The policy a page starts with: the registry's default providers, nothing excluded. */
export const DEFAULT_POLICY: PagePolicy = {
  providers: "default",
  excludeProviders: new Set(),
  excludeNodes: new Set(),
};

/**
 * Verifies every node for its own service under the policy with the registry's `verifyNodes`
 * (what a client asks before it uses a node), then applies the policy's exclusions as the client
 * does.
 *
 * @param registry - The read connection.
 * @param nodes - The nodes.
 * @param policy - The policy.
 * @returns Verdicts by node address (lower case).
 */
export async function verdictsOf(
  registry: RegistryClient,
  nodes: readonly PageNode[],
  policy: PagePolicy,
): Promise<Map<string, PageVerdict>> {
  const trustedProviders = policy.providers === "default" ? [] : policy.providers;
  const verdicts = new Map<string, PageVerdict>();
  if (policy.providers !== "default" && policy.providers.length === 0) {
    for (const node of nodes)
      verdicts.set(node.node.toLowerCase(), { trusted: false, verdict: "ProviderNotTrusted" });
    return verdicts;
  }
  const byService = Map.groupBy(nodes, (node) => node.service);
  const calls: Promise<void>[] = [];
  for (const [service, group] of byService) {
    for (let start = 0; start < group.length; start += NODES_PER_CALL) {
      const chunk = group.slice(start, start + NODES_PER_CALL);
      calls.push(
        verifyNodes(registry, { nodes: chunk.map((node) => node.node), service, trustedProviders }).then(
          (answers) => {
            answers.forEach((answer, index) => {
              const node = chunk[index];
              if (node === undefined) return;
              const excluded =
                policy.excludeNodes.has(node.node.toLowerCase()) ||
                policy.excludeProviders.has(node.providerId);
              verdicts.set(
                node.node.toLowerCase(),
                excluded && answer.trusted
                  ? { trusted: false, verdict: "Excluded" }
                  : { trusted: answer.trusted, verdict: answer.verdict },
              );
            });
          },
        ),
      );
    }
  }
  await Promise.all(calls);
  return verdicts;
}

/**
 * Why a verdict is what it is, in words.
 *
 * @param verdict - The verdict.
 * @returns One sentence.
 */
export function verdictReason(verdict: PageVerdict["verdict"]): string {
  switch (verdict) {
    case "Trusted":
      return "Active, serves this service, and its provider is active and trusted.";
    case "NodeUnknown":
      return "The registry does not know this node.";
    case "NodeSuspended":
      return "A curator suspended this node.";
    case "NodeRetired":
      return "The node was retired.";
    case "WrongService":
      return "The node is registered for another service.";
    case "ProviderNotActive":
      return "Its provider is not active (pending, suspended, rejected or retired).";
    case "ProviderNotTrusted":
      return "Its provider is not in the trusted set (or not a default provider).";
    case "Excluded":
      return "The policy excludes this node or its provider.";
  }
}
