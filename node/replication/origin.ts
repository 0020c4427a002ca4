import type { PeerVerdict } from "../services/types.js";

/**
 * The origin key the items a replication peer introduces are counted under (mail:
 * `StoredEnvelope.origin`): its provider, so that one provider's servers share one share of a full
 * store however many of them there are. Servers of the node's own provider, and peers the policy
 * admits without a provider, are not limited by share.
 *
 * @param verdict - What the replication policy said of the peer.
 * @returns The key, or undefined.
 */
export function originOf(verdict: PeerVerdict): string | undefined {
  return verdict.ownProvider || verdict.providerId === undefined
    ? undefined
    : `provider:${verdict.providerId}`;
}
