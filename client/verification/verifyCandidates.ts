import type { Candidate } from "../discovery/candidate.js";
import { isRegistryUnavailable } from "../kernel/errors/availability.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { CachedVerification, NodeVerifier } from "../kernel/registry/verifier.js";
import type { QuorumMember, QuorumVerification } from "./quorum.js";
import { verifyQuorum } from "./quorum.js";
import type { CandidateVerdict, VerifiedCandidate } from "./types.js";

/** What {@link verifyCandidates} needs of a client. */
export interface VerifyContext {
  verifier: NodeVerifier;
  options: Pick<ResolvedClientOptions, "trust">;
  /**
   * The registries of a quorum of curators (`trust.registries`), each with its verifier; when set,
   * they decide instead of `verifier`.
   */
  quorumMembers?: readonly QuorumMember[] | undefined;
}

/** Parameters of {@link verifyCandidates}. */
export interface VerifyCandidatesParameters {
  /** The candidates, from `discover()` or anywhere else. */
  candidates: readonly Candidate[];
}

/** Return type of {@link verifyCandidates}: one entry per candidate, in order. */
export type VerifyCandidatesReturnType = VerifiedCandidate[];

/**
 * Verifies candidates under the client's trust policy. Every registry candidate is checked in ONE
 * `verifyNodes` call (answers younger than the cache time are reused); the node address is derived
 * from the peer id locally. Custom servers are accepted without the registry and labelled custom.
 * Exclusions of providers and nodes are applied on top of the registry's answer.
 *
 * When the chain RPC is unreachable (or lags more than `maxBlockAgeMs`), answers younger than the
 * grace time are used and marked `stale`; candidates without one are `Unverified` (never trusted). The verifier's
 * `lastFailureAt` then says since when.
 *
 * With a quorum of curators (`trust.registries`), each registry is asked once for all the nodes
 * (`verifyQuorum`, all at once) instead: a node is trusted when at least `quorum` vouch (verdict
 * `Trusted`, else `QuorumNotReached`), and carries each registry's verdict in `registries`. A
 * registry that cannot be asked does not vouch (`Unreachable`).
 *
 * @param client - The client (its verifier and trust policy).
 * @param parameters - The candidates.
 * @returns One verified candidate per candidate, in order.
 * @example
 * ```ts
 * const verified = await verifyCandidates(client, { candidates: await client.discover() });
 * const usable = verified.filter((c) => c.trusted);
 * ```
 */
export async function verifyCandidates(
  client: VerifyContext,
  parameters: VerifyCandidatesParameters,
): Promise<VerifyCandidatesReturnType> {
  const { trust } = client.options;
  if (trust.quorum !== undefined && client.quorumMembers !== undefined) {
    return verifyByQuorum(
      client.quorumMembers,
      trust.quorum.quorum,
      trust.excludeNodes,
      parameters.candidates,
    );
  }
  const toAsk = parameters.candidates.flatMap((c) =>
    c.sources.includes("custom") || c.node === undefined || trust.excludeNodes.has(c.node) ? [] : [c.node],
  );
  const answers = new Map<string, CachedVerification>();
  let unreachable: Error | undefined;
  if (toAsk.length > 0) {
    const nodes = [...new Set(toAsk)];
    try {
      for (const answer of await client.verifier.verify(nodes)) answers.set(answer.node, answer);
    } catch (err) {
      if (!isRegistryUnavailable(err)) throw err;
      unreachable = err;
      for (const node of nodes) {
        const answer = client.verifier.peek(node);
        if (answer !== undefined) answers.set(node, answer);
      }
    }
  }

  return parameters.candidates.map((candidate): VerifiedCandidate => {
    const base = { ...candidate, sources: [...candidate.sources], multiaddrs: [...candidate.multiaddrs] };
    if (candidate.sources.includes("custom")) {
      return {
        ...base,
        trusted: true,
        custom: true,
        verdict: "Custom",
        providerId: undefined,
        stale: false,
        verifiedAt: undefined,
      };
    }
    const rejected = (verdict: CandidateVerdict, providerId?: bigint): VerifiedCandidate => ({
      ...base,
      trusted: false,
      custom: false,
      verdict,
      providerId,
      stale: false,
      verifiedAt: undefined,
    });
    if (candidate.node === undefined) return rejected("NoNodeAddress");
    if (trust.excludeNodes.has(candidate.node)) return rejected("ExcludedNode");
    const answer = answers.get(candidate.node);
    if (answer === undefined) return rejected(unreachable === undefined ? "NodeUnknown" : "Unverified");
    const unknown = answer.verdict === "NodeUnknown";
    const providerId = unknown ? undefined : answer.providerId;
    const common = { ...base, custom: false, providerId, stale: answer.stale, verifiedAt: answer.verifiedAt };
    if (answer.trusted && providerId !== undefined && trust.excludeProviders.has(providerId)) {
      return { ...common, trusted: false, verdict: "ExcludedProvider" };
    }
    return { ...common, trusted: answer.trusted, verdict: answer.verdict };
  });
}

async function verifyByQuorum(
  members: readonly QuorumMember[],
  quorum: number,
  excludeNodes: ReadonlySet<string>,
  candidates: readonly Candidate[],
): Promise<VerifiedCandidate[]> {
  const nodes = [
    ...new Set(
      candidates.flatMap((c) =>
        c.sources.includes("custom") || c.node === undefined || excludeNodes.has(c.node) ? [] : [c.node],
      ),
    ),
  ];
  const answers = new Map<string, QuorumVerification>();
  if (nodes.length > 0) {
    for (const answer of await verifyQuorum(members, { nodes, quorum })) answers.set(answer.node, answer);
  }
  return candidates.map((candidate): VerifiedCandidate => {
    const base = {
      ...candidate,
      sources: [...candidate.sources],
      multiaddrs: [...candidate.multiaddrs],
      custom: false,
      providerId: undefined,
      stale: false,
      verifiedAt: undefined,
    };
    if (candidate.sources.includes("custom"))
      return { ...base, trusted: true, custom: true, verdict: "Custom" };
    if (candidate.node === undefined) return { ...base, trusted: false, verdict: "NoNodeAddress" };
    if (excludeNodes.has(candidate.node)) return { ...base, trusted: false, verdict: "ExcludedNode" };
    const answer = answers.get(candidate.node);
    if (answer === undefined) return { ...base, trusted: false, verdict: "QuorumNotReached" };
    const vouching = answer.verdicts.filter((verdict) => verdict.vouches);
    return {
      ...base,
      trusted: answer.trusted,
      verdict: answer.trusted ? "Trusted" : "QuorumNotReached",
      // Provider ids are per registry: the first vouching registry's, for display.
      providerId: vouching[0]?.providerId,
      stale: answer.trusted && vouching.some((verdict) => verdict.stale),
      registries: { vouching: answer.vouching, quorum: answer.quorum, verdicts: answer.verdicts },
    };
  });
}
