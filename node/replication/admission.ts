import type { PeerId } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

import type { PeerPolicyCheck } from "../services/types.js";
import type { ReplicationErrors, SyncOrigin } from "./adapter.js";
import { originOf } from "./origin.js";
import type { ReplicationPeers } from "./peers.js";
import type { SyncQuotas } from "./quotas.js";

/** What {@link admitPeer} needs. */
export interface AdmitPeerInit {
  /** The replication peers known, told of every verdict. */
  peers: Pick<ReplicationPeers, "get" | "record">;
  quotas: Pick<SyncQuotas, "admitUnknown">;
  /** The node's replication policy. */
  checkPeers: PeerPolicyCheck;
  /** The kind's errors; `unauthorized` is answered to a peer the policy refuses. */
  errors: Pick<ReplicationErrors, "unauthorized">;
  /** What a peer of the kind is called in messages, e.g. `mail server`. */
  label: string;
  /** Called when the policy refuses a peer, with its reason. */
  onRefused?(peer: PeerId, reason: string | undefined): void;
}

/**
 * Admits a stream of a kind's node-to-node protocol: a peer not yet known as a replication peer
 * first takes one of its network address's admissions (so that minting peer ids buys no registry
 * calls), then the replication policy is asked (one cached registry call); only a node the policy
 * trusts is served. The verdict is recorded either way, so a revoked peer stops being a peer.
 *
 * @param init - Peers, quotas, policy and the kind's errors.
 * @param remote - The stream's peer.
 * @param remoteAddr - The connection's remote address.
 * @param signal - The request's signal.
 * @returns The peer and the origin key its items count under.
 * @throws The kind's rate-limited error (address over its admissions) or its unauthorized error.
 */
export async function admitPeer(
  init: AdmitPeerInit,
  remote: PeerId,
  remoteAddr: Multiaddr,
  signal: AbortSignal,
): Promise<SyncOrigin> {
  if (init.peers.get(remote) === undefined) init.quotas.admitUnknown(remoteAddr);
  const [verdict] = await init.checkPeers([remote], { signal });
  if (!verdict?.allowed) {
    if (verdict !== undefined) init.peers.record(remote, verdict);
    init.onRefused?.(remote, verdict?.reason);
    throw init.errors.unauthorized(
      `Only ${init.label}s this node replicates with may use the node-to-node protocol`,
    );
  }
  init.peers.record(remote, verdict);
  return { peer: remote, origin: originOf(verdict) };
}
