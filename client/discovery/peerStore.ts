import type { Libp2p } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";

/**
 * Tells the host's peer store where a peer listens, so that it can be dialled by peer id.
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
  if (multiaddrs.length === 0) return;
  const id = peerIdFromString(peerId);
  if (id.equals(host.peerId)) return;
  const addresses = multiaddrs.map((text) => multiaddr(text.split("/p2p/")[0]));
  await host.peerStore.merge(id, { multiaddrs: addresses });
}
