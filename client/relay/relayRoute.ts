import type { Libp2p } from "@libp2p/interface";
import { CODE_P2P, multiaddr } from "@multiformats/multiaddr";
import type { Multiaddr } from "@multiformats/multiaddr";

import type { RelayedAddress } from "./reachRecord.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** Most relay addresses dialled per relay. */
export const MAX_RELAY_ADDRESSES = 8;

/**
 * The addresses to dial a service through one relay its `relay/reach` record names: the relay's
 * own transport addresses as the caller knows them (its peer store, else a DHT lookup of the
 * relay's peer id), each followed by the circuit to the service. The transport address written in
 * the record is never dialled: the record is the service's claim, and a service could otherwise
 * make its callers open connections to any host it likes (Noise would fail there, but only after
 * the connection was made).
 *
 * @param host - The caller's host.
 * @param via - The relayed address from the record (only its relay and service peer ids are used).
 * @param signal - Bounds the DHT lookup.
 * @returns Up to {@link MAX_RELAY_ADDRESSES} relayed addresses; empty when the relay cannot be found.
 */
export async function relayRoute(
  host: Libp2p,
  via: RelayedAddress,
  signal: AbortSignal,
): Promise<Multiaddr[]> {
  const relay = peerIdsOf(host).parse(via.relay);
  let known: Multiaddr[] = [];
  try {
    known = (await host.peerStore.get(relay, { signal })).addresses.map((address) => address.multiaddr);
  } catch {
    // Not in the peer store: ask the DHT.
  }
  if (known.length === 0) {
    try {
      known = (await host.peerRouting.findPeer(relay, { signal })).multiaddrs;
    } catch {
      return [];
    }
  }
  return known
    .map((address) => transportPart(address))
    .filter((address): address is Multiaddr => address !== undefined)
    .slice(0, MAX_RELAY_ADDRESSES)
    .map((address) => multiaddr(`${address.toString()}/p2p/${via.relay}/p2p-circuit/p2p/${via.service}`));
}

/**
 * A relay's transport address without any peer id or circuit part, or undefined for a relayed one.
 *
 * @param address - An address from the peer store or the DHT.
 * @returns The plain transport address.
 */
function transportPart(address: Multiaddr): Multiaddr | undefined {
  const components = address.getComponents();
  if (components.some((component) => component.name === "p2p-circuit")) return undefined;
  const firstPeer = components.findIndex((component) => component.code === CODE_P2P);
  const transport = firstPeer === -1 ? components : components.slice(0, firstPeer);
  if (transport.length === 0) return undefined;
  return multiaddr(transport);
}
