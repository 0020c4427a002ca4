import type { Libp2p } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { CODE_P2P, multiaddr } from "@multiformats/multiaddr";

import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/**
 * Tells the host's peer store where a peer listens, so that it can be dialled by peer id. Addresses
 * that do not parse are left out (the rest are still remembered); nothing here throws for them.
 *
 * @param host - The libp2p host.
 * @param peerId - The peer.
 * @param multiaddrs - Its addresses (with or without the `/p2p/` suffix).
 */
export async function rememberAddresses(
  host: Libp2p,
  peerId: string,
  multiaddrs: readonly string[],
): Promise<void> {
  const addresses = multiaddrs.flatMap((text): Multiaddr[] => {
    try {
      return [multiaddr(text).decapsulateCode(CODE_P2P)];
    } catch {
      return [];
    }
  });
  if (addresses.length === 0) return;
  const id = peerIdsOf(host).parse(peerId);
  if (id.equals(host.peerId)) return;
  await host.peerStore.merge(id, { multiaddrs: addresses });
}
