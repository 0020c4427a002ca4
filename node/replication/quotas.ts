import type { Multiaddr } from "@multiformats/multiaddr";

/**
 * Per-peer quotas of a kind's node-to-node protocol, as the serving side charges them. Each charge
 * throws the kind's rate-limited error (answered as its error frame) when the peer is over it.
 * Mail's implementation is `SyncLimits` (token buckets per peer and per network address).
 */
export interface SyncQuotas {
  /**
   * Admits a stream of a peer not yet known as a replication peer, before the registry is asked
   * about it, so that minting peer ids buys no registry calls.
   */
  admitUnknown(remoteAddr: Multiaddr): void;
  /** Charges one request; a digest (a scan of a range) also takes one of the peer's digests. */
  chargeRequest(peer: string, kind?: "digest" | "other"): void;
  /** Charges the bytes of items a peer wants stored here, before they are checked. */
  chargeIncoming(peer: string, bytes: number): void;
  /** Charges the bytes of an answer already made (a listing, a fetch). */
  chargeOutgoing(peer: string, bytes: number): void;
}
