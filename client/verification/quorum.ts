import { getAddress } from "ethers";

import { ConfigurationError } from "../errors/client.js";
import { isRegistryUnavailable } from "../kernel/errors/availability.js";
import type { Verdict } from "../kernel/registry/verifyNodes.js";
import type { NodeVerifier } from "../kernel/registry/verifier.js";

/** One registry of a quorum: its name for people, and its own cached verifier. */
export interface QuorumMember {
  /** How the registry is shown, e.g. `31337:0x5FbD…` or a name the user gave. */
  label: string;
  /** The verifier of that registry (its chain, its trust policy, its cache). */
  verifier: NodeVerifier;
}

/** What one registry said about one node. */
export interface RegistryVerdict {
  /** The registry's label. */
  registry: string;
  /** Whether this registry vouches for the node (trusted under the policy held for it). */
  vouches: boolean;
  /** The registry's verdict, or `Unreachable` when it could not be asked. */
  verdict: Verdict | "Unreachable";
  /** The node's provider in this registry (0n when unknown or unreachable). */
  providerId: bigint;
  /** True when the answer is a cached one the registry could not renew (within its grace time). */
  stale: boolean;
  /** Why the registry could not be asked (`RpcUnreachableError`, `StaleChainError`, …). */
  error?: Error | undefined;
}

/** The quorum's answer for one node. */
export interface QuorumVerification {
  /** The node address. */
  node: string;
  /** True when at least `quorum` registries vouch for it. */
  trusted: boolean;
  /** How many registries vouch for it. */
  vouching: number;
  /** How many must. */
  quorum: number;
  /** Each registry's verdict, in the members' order. */
  verdicts: RegistryVerdict[];
}

/** Parameters of {@link verifyQuorum}. */
export interface VerifyQuorumParameters {
  /** Node addresses. */
  nodes: readonly string[];
  /** How many registries must vouch for a node. */
  quorum: number;
}

/**
 * Verifies nodes against several registries and counts, for each node, the registries that vouch
 * for it: one `verifyNodes` call per registry (each member's verifier batches and caches as for a
 * single registry), all registries asked at once. A registry that cannot be asked, and holds no
 * answer within its grace time, does not vouch: its verdict is `Unreachable`, with the error.
 *
 * @param members - The registries, each with its verifier.
 * @param parameters - The nodes and the quorum.
 * @returns One answer per node, in order.
 * @throws ConfigurationError when the quorum is not between 1 and the number of registries.
 * @throws RegistryRevertError when a registry refuses the call (a trusted provider that does not
 * exist, say): a configuration fault, not an outage.
 * @example
 * ```ts
 * const [answer] = await verifyQuorum(members, { nodes: [node], quorum: 2 });
 * if (answer.trusted) … // two registries vouch for it
 * ```
 */
export async function verifyQuorum(
  members: readonly QuorumMember[],
  parameters: VerifyQuorumParameters,
): Promise<QuorumVerification[]> {
  const { quorum } = parameters;
  if (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > members.length) {
    throw new ConfigurationError(
      `A quorum must be between 1 and the number of registries (${members.length}), not ${quorum}`,
    );
  }
  const nodes = parameters.nodes.map((node) => getAddress(node));
  const answers = await Promise.allSettled(members.map(async (member) => member.verifier.verify(nodes)));
  const refusal = answers.find(
    (answer): answer is PromiseRejectedResult =>
      answer.status === "rejected" && !isRegistryUnavailable(answer.reason),
  );
  if (refusal !== undefined) throw refusal.reason;
  return nodes.map((node, index) => {
    const verdicts = members.map((member, m): RegistryVerdict => {
      const answer = answers[m];
      const verification = answer?.status === "fulfilled" ? answer.value[index] : undefined;
      if (verification === undefined) {
        return {
          registry: member.label,
          vouches: false,
          verdict: "Unreachable",
          providerId: 0n,
          stale: false,
          error: answer?.status === "rejected" ? asError(answer.reason) : undefined,
        };
      }
      return {
        registry: member.label,
        vouches: verification.trusted,
        verdict: verification.verdict,
        providerId: verification.providerId,
        stale: verification.stale,
      };
    });
    const vouching = verdicts.filter((verdict) => verdict.vouches).length;
    return { node, trusted: vouching >= quorum, vouching, quorum, verdicts };
  });
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
