import { serviceId } from "../service/serviceId.js";
import type { RegistryClient } from "./connect.js";
import { registryCall } from "./decodeError.js";

/** Why the registry did or did not trust a node, named as in `IRegistry.Verdict`. */
export const VERDICTS = [
  "Trusted",
  "NodeUnknown",
  "NodeSuspended",
  "NodeRetired",
  "WrongService",
  "ProviderNotActive",
  "ProviderNotTrusted",
] as const;

/** One of {@link VERDICTS}. */
export type Verdict = (typeof VERDICTS)[number];

/** The registry's answer for one node. */
export interface NodeVerification {
  /** The node address that was asked about. */
  node: string;
  /** True when the node may be used under the policy. */
  trusted: boolean;
  /** The node's provider, or 0n when the node is unknown. */
  providerId: bigint;
  /** `Trusted`, or the first reason the node is not. */
  verdict: Verdict;
}

/** Parameters of {@link verifyNodes}. */
export interface VerifyNodesParameters {
  /** Node addresses to verify (any number; one call). */
  nodes: readonly string[];
  /** Service name the caller wants, e.g. `mail/1`. */
  service: string;
  /** Providers the caller trusts; empty or absent for the registry's default providers. */
  trustedProviders?: readonly bigint[] | undefined;
}

/**
 * Verifies any number of nodes in ONE `eth_call` at the latest block, so a suspension or
 * retirement is seen at the next verification whatever the DHT still says.
 *
 * @param client - The registry connection.
 * @param parameters - Nodes, service and trust policy.
 * @returns One verification per node, in the order given.
 * @throws RpcUnreachableError when the chain does not answer.
 * @example
 * ```ts
 * const [v] = await verifyNodes(registry, { nodes: [nodeAddress], service: "mail/1" });
 * if (!v.trusted) console.log(v.verdict);
 * ```
 */
export async function verifyNodes(
  client: RegistryClient,
  parameters: VerifyNodesParameters,
): Promise<NodeVerification[]> {
  const { nodes, service, trustedProviders = [] } = parameters;
  if (nodes.length === 0) return [];
  const results = await registryCall(client.rpcUrl, () =>
    client.contract.verifyNodes([...nodes], serviceId(service), [...trustedProviders]),
  );
  return results.map((result, index) => ({
    node: nodes[index] ?? "",
    trusted: result.trusted,
    providerId: result.providerId,
    verdict: VERDICTS[Number(result.verdict)] ?? "NodeUnknown",
  }));
}
