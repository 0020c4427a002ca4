import type { AbortOptions, Libp2p } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";

import { sample } from "../selection/sample.js";
import { parseServerAddress } from "./candidate.js";
import { rememberAddresses } from "./peerStore.js";

/** Parameters of {@link joinNetwork}. */
export interface JoinNetworkParameters extends AbortOptions {
  /** Entry points: multiaddrs ending in `/p2p/<peer id>` (registry bootstrap records, configured peers). */
  peers: readonly string[];
  /** How many distinct peers to dial, chosen at random. */
  dials: number;
  /** Source of randomness in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
}

/**
 * Joins the DHT: dials a few random entry points so that the (client-mode) DHT learns server peers
 * through identify. Does nothing while the host already has connections.
 *
 * @param host - The client's libp2p host.
 * @param parameters - Entry points, how many to dial, abort signal.
 * @returns How many entry points were reached (0 when already connected).
 */
export async function joinNetwork(host: Libp2p, parameters: JoinNetworkParameters): Promise<number> {
  if (host.getConnections().length > 0) return 0;
  const byPeer = new Map<string, string[]>();
  for (const text of parameters.peers) {
    const { peerId } = parseServerAddress(text);
    if (peerId === host.peerId.toString()) continue;
    byPeer.set(peerId, [...(byPeer.get(peerId) ?? []), text]);
  }
  const chosen = sample([...byPeer.keys()], parameters.dials, parameters.random ?? Math.random);
  const results = await Promise.allSettled(
    chosen.map(async (peerId) => {
      await rememberAddresses(host, peerId, byPeer.get(peerId) ?? []);
      await host.dial(peerIdFromString(peerId), { signal: parameters.signal });
    }),
  );
  return results.filter((result) => result.status === "fulfilled").length;
}
