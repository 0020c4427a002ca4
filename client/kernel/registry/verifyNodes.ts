import { getBytes } from "ethers";

import { StaleChainError } from "../errors/availability.js";
import { RpcUnreachableError } from "../errors/registry.js";
import { serviceId } from "../service/serviceId.js";
import type { RegistryClient } from "./connect.js";
import { AbiWords } from "./abiWords.js";
import { registryCall } from "./decodeError.js";
import { REGISTRY_INTERFACE } from "./registryInterface.js";

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
  /** The block to verify at (a number, or a tag). @default "latest" */
  blockTag?: number | bigint | string | undefined;
}

/** A block's number and time, as the chain RPC tells them. */
export interface BlockStamp {
  number: number;
  /** Seconds since the epoch, as the block header says. */
  timestamp: number;
}

/**
 * Verifies any number of nodes in ONE `eth_call`, at the latest block unless `blockTag` says
 * otherwise, so a suspension or retirement is seen at the next verification whatever the DHT still
 * says.
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
  const { nodes, service, trustedProviders = [], blockTag } = parameters;
  if (nodes.length === 0) return [];
  // Encoded and decoded without ethers' Contract, which checksums every address twice on the way
  // out and wraps every answer in a Result proxy: a few milliseconds for a batch of 40 nodes.
  const data = REGISTRY_INTERFACE.encodeFunctionData("verifyNodes", [
    [...nodes],
    serviceId(service),
    [...trustedProviders],
  ]);
  const answer = await registryCall(client.rpcUrl, async () =>
    client.provider.call({ to: client.address, data, ...(blockTag === undefined ? {} : { blockTag }) }),
  );
  return decodeVerifications(answer).map((result, index) => ({
    node: nodes[index] ?? "",
    trusted: result.trusted,
    providerId: result.providerId,
    verdict: VERDICTS[result.verdict] ?? "NodeUnknown",
  }));
}

/** Words of one `NodeVerification` tuple: `(bool trusted, uint256 providerId, uint8 verdict)`. */
const VERIFICATION_WORDS = 3;

/**
 * Decodes the answer of `verifyNodes`: `(bool trusted, uint256 providerId, uint8 verdict)[]`, in one
 * pass over the answer (see {@link AbiWords}).
 *
 * @param answer - The call's return data, hex.
 * @returns One verification per node asked about, in order, the verdict as its index.
 * @throws RegistryAnswerError when an offset or a length points outside the answer.
 */
export function decodeVerifications(
  answer: string,
): { trusted: boolean; providerId: bigint; verdict: number }[] {
  const words = new AbiWords(getBytes(answer), "verifyNodes");
  const at = words.offset(0, 0);
  const count = words.length(at);
  words.check(at + 32, count * VERIFICATION_WORDS * 32);
  const results: { trusted: boolean; providerId: bigint; verdict: number }[] = [];
  for (let index = 0; index < count; index += 1) {
    const tuple = at + 32 + index * VERIFICATION_WORDS * 32;
    results.push({
      trusted: words.bool(tuple),
      providerId: words.uint(tuple + 32),
      verdict: words.small(tuple + 64),
    });
  }
  return results;
}

/**
 * The chain RPC's latest block: its number and timestamp, to pin a verification to it and to tell
 * how far the endpoint lags.
 *
 * @param client - The registry connection.
 * @returns The block's number and timestamp.
 * @throws RpcUnreachableError when the chain does not answer.
 */
export async function readLatestBlock(client: RegistryClient): Promise<BlockStamp> {
  const block = await registryCall(client.rpcUrl, () => client.provider.getBlock("latest"));
  if (block === null) throw new RpcUnreachableError(client.rpcUrl, { cause: new Error("no latest block") });
  return { number: block.number, timestamp: block.timestamp };
}

/**
 * The chain RPC's latest block, if it is recent enough: a block older than `maxBlockAgeMs` (by its
 * timestamp, against the local clock) means the endpoint lags behind the chain.
 *
 * @param client - The registry connection.
 * @param parameters - The bound, and a clock for tests.
 * @returns The block's number and timestamp.
 * @throws StaleChainError when the block is older than `maxBlockAgeMs`.
 * @throws RpcUnreachableError when the chain does not answer.
 */
export async function readFreshBlock(
  client: RegistryClient,
  parameters: { maxBlockAgeMs: number; now?: (() => number) | undefined },
): Promise<BlockStamp> {
  const block = await readLatestBlock(client);
  const blockTimestampMs = block.timestamp * 1_000;
  const ageMs = (parameters.now ?? Date.now)() - blockTimestampMs;
  if (ageMs > parameters.maxBlockAgeMs) {
    throw new StaleChainError({
      blockNumber: block.number,
      blockTimestampMs,
      ageMs,
      maxBlockAgeMs: parameters.maxBlockAgeMs,
    });
  }
  return block;
}
