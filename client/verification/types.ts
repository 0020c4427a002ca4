import type { Candidate } from "../discovery/candidate.js";
import type { Verdict } from "../kernel/registry/verifyNodes.js";
import type { RegistryVerdict } from "./quorum.js";

/**
 * Why a candidate may or may not be used: the registry's {@link Verdict}, or a client-side reason:
 * `Custom` (the user's own server, used without the registry), `ExcludedProvider` and
 * `ExcludedNode` (the user's exclusions), `NoNodeAddress` (the peer id is not a secp256k1 key, so
 * it cannot be a registry node), `Unverified` (the registry could not be asked and no recent
 * answer exists), `QuorumNotReached` (with `trust.registries`: fewer than `quorum` registries vouch).
 */
export type CandidateVerdict =
  | Verdict
  | "Custom"
  | "ExcludedProvider"
  | "ExcludedNode"
  | "NoNodeAddress"
  | "Unverified"
  | "QuorumNotReached";

/** A candidate with the verdict of the user's trust policy. */
export interface VerifiedCandidate extends Candidate {
  /** True when the candidate may be selected. */
  trusted: boolean;
  /** True for the user's own servers, which the registry does not vouch for. */
  custom: boolean;
  /** `Trusted`, `Custom`, or why not. */
  verdict: CandidateVerdict;
  /** The node's provider, when the registry knows the node. */
  providerId: bigint | undefined;
  /** True when the registry was unreachable and this answer is older than the cache time. */
  stale: boolean;
  /** When the registry gave this answer (milliseconds since the epoch), if it did. */
  verifiedAt: number | undefined;
  /**
   * With a quorum of curators (`trust.registries`): what each registry said, in the order listed,
   * and how many vouch. Undefined with one registry, and for custom servers.
   */
  registries?: { vouching: number; quorum: number; verdicts: RegistryVerdict[] } | undefined;
}
