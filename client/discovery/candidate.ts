import type { Multiaddr } from "@multiformats/multiaddr";
import { CODE_P2P, multiaddr } from "@multiformats/multiaddr";
import { peerIdFromString } from "@libp2p/peer-id";

import { InvalidMultiaddrError } from "../errors/client.js";
import { nodeAddressFromPeerId } from "../kernel/identity/nodeAddress.js";
import type { PeerIdCache } from "../kernel/identity/peerIdCache.js";

/** Where a candidate came from: the DHT, the registry's bootstrap records, or the user's own list. */
export type CandidateSource = "dht" | "registry" | "custom";

/** A server that might serve the service, before verification. */
export interface Candidate {
  /** libp2p peer id (`16Uiu2…` for secp256k1 keys). */
  peerId: string;
  /** Node address derived from the peer id, or undefined when the peer id is not secp256k1. */
  node: string | undefined;
  /** Known addresses, each ending in `/p2p/<peer id>`. */
  multiaddrs: string[];
  /** Every source that named this peer. */
  sources: CandidateSource[];
}

/** A server multiaddr split into its peer id and the address itself. */
export interface ServerAddress {
  peerId: string;
  multiaddr: Multiaddr;
}

/**
 * Parses a server multiaddr that ends in `/p2p/<peer id>`.
 *
 * @param text - The multiaddr, e.g. `/ip4/127.0.0.1/tcp/4001/p2p/16Uiu2…`.
 * @param peerIds - The client's peer id cache, so that its peer id is parsed once per client.
 * @returns The peer id and the parsed address.
 * @throws InvalidMultiaddrError when it is malformed or names no peer.
 */
export function parseServerAddress(text: string, peerIds?: PeerIdCache): ServerAddress {
  const address = splitServerAddress(text);
  try {
    if (peerIds === undefined) peerIdFromString(address.peerId);
    else peerIds.parse(address.peerId);
  } catch (err) {
    throw new InvalidMultiaddrError(text, err instanceof Error ? err.message : "bad peer id");
  }
  return address;
}

/**
 * Parses a multiaddr that ends in `/p2p/<peer id>` without checking the peer id itself, for a
 * caller that checks it another way (a bootstrap record's against its node's address).
 *
 * @param text - The multiaddr.
 * @returns The peer id's text and the parsed address.
 * @throws InvalidMultiaddrError when it is malformed or names no peer.
 */
export function splitServerAddress(text: string): ServerAddress {
  let address: Multiaddr;
  try {
    address = multiaddr(text);
  } catch (err) {
    throw new InvalidMultiaddrError(text, err instanceof Error ? err.message : "malformed");
  }
  const peer = address.getComponents().findLast((component) => component.code === CODE_P2P)?.value;
  if (peer === undefined) throw new InvalidMultiaddrError(text, "it must end in /p2p/<peer id>");
  return { peerId: peer, multiaddr: address };
}

/**
 * The node address of a peer id, or undefined when it has none (not a secp256k1 identity).
 *
 * @param peerId - The peer id.
 * @param peerIds - The client's peer id cache, so that it is parsed and its address derived once
 * per client.
 * @returns The checksummed node address, or undefined.
 */
export function tryNodeAddress(peerId: string, peerIds?: PeerIdCache): string | undefined {
  try {
    return peerIds === undefined ? nodeAddressFromPeerId(peerId) : peerIds.nodeAddress(peerId);
  } catch {
    return undefined;
  }
}

/**
 * Collects candidates by peer id, merging the addresses and sources of the same peer.
 */
export class CandidateSet {
  private readonly byPeer = new Map<string, Candidate>();

  /** @param peerIds - The client's peer id cache, to parse each peer id once per client. */
  constructor(private readonly peerIds?: PeerIdCache) {}

  /**
   * Adds or merges a candidate.
   *
   * @param peerId - The peer id.
   * @param multiaddrs - Addresses known for it.
   * @param source - Where it came from.
   * @returns The candidate when the peer is new to the set; undefined when it was merged.
   */
  add(peerId: string, multiaddrs: readonly string[], source: CandidateSource): Candidate | undefined {
    let candidate = this.byPeer.get(peerId);
    const added = candidate === undefined;
    if (candidate === undefined) {
      candidate = { peerId, node: tryNodeAddress(peerId, this.peerIds), multiaddrs: [], sources: [] };
      this.byPeer.set(peerId, candidate);
    }
    for (const address of multiaddrs) {
      const full = withPeerId(address, peerId);
      if (!candidate.multiaddrs.includes(full)) candidate.multiaddrs.push(full);
    }
    if (!candidate.sources.includes(source)) candidate.sources.push(source);
    return added ? candidate : undefined;
  }

  /** Number of distinct peers. */
  get size(): number {
    return this.byPeer.size;
  }

  /** @returns The candidates, in the order first seen. */
  toArray(): Candidate[] {
    return [...this.byPeer.values()];
  }
}

function withPeerId(address: string, peerId: string): string {
  return address.includes("/p2p/") ? address : `${address}/p2p/${peerId}`;
}
