import type { AbortOptions, Peer, PeerData, PeerId, PeerStore } from "@libp2p/interface";

/** How long a protocol merged into a peer's record counts as known there. */
export const KNOWN_PROTOCOL_TTL_MS = 60_000;

/** Peers remembered at most (the oldest entries are forgotten first). */
export const KNOWN_PROTOCOL_PEERS = 50_000;

/** Options of {@link skipKnownStreamProtocols}. */
export interface KnownStreamProtocolsOptions {
  /** @default KNOWN_PROTOCOL_TTL_MS */
  ttlMs?: number | undefined;
  /** @default KNOWN_PROTOCOL_PEERS */
  maxPeers?: number | undefined;
  /** The clock, in ms. @default Date.now */
  now?: (() => number) | undefined;
}

interface Known {
  /** The record as the last merge returned it. */
  peer: Peer;
  at: number;
}

/**
 * libp2p merges the protocol of every inbound stream into the remote peer's record in the peer
 * store before handing the stream over: a lock, a read and decode of the record, and an encode and
 * compare, for every request a client sends, though the record holds the protocol from the first
 * one on. This lets such a merge (one protocol, nothing else) return at once when a merge in the
 * last `ttlMs` left that protocol in the record and nothing has changed the record through the peer
 * store since: each peer's record is then merged at most once per `ttlMs` per protocol set, not once
 * per stream. Any other write to a peer's record through `save`, `patch`, `delete` or another merge
 * forgets what was known of it (a signed peer record consumed changes only addresses, which such a
 * merge does not touch). What is lost is only the record's "last updated" time
 * being moved on by each stream, which then moves at least once per `ttlMs` while streams arrive.
 * A merge answered this way returns the record as the last merge returned it.
 *
 * @param peerStore - The host's peer store; its methods are replaced on the object.
 * @param options - Time to trust a merge, peers remembered, clock.
 */
export function skipKnownStreamProtocols(
  peerStore: PeerStore,
  options: KnownStreamProtocolsOptions = {},
): void {
  const ttlMs = options.ttlMs ?? KNOWN_PROTOCOL_TTL_MS;
  const maxPeers = options.maxPeers ?? KNOWN_PROTOCOL_PEERS;
  const now = options.now ?? Date.now;
  const known = new Map<string, Known>();
  /** Counts the writes begun through the store, so that a merge overtaken by one is not trusted. */
  let writes = 0;

  const merge = peerStore.merge.bind(peerStore);
  peerStore.merge = async (id: PeerId, data: PeerData, mergeOptions?: AbortOptions): Promise<Peer> => {
    const key = id.toString();
    const protocol = onlyProtocol(data);
    if (protocol !== undefined) {
      const entry = known.get(key);
      if (entry !== undefined && now() - entry.at < ttlMs && entry.peer.protocols.includes(protocol)) {
        return entry.peer;
      }
    }
    known.delete(key);
    const before = (writes += 1);
    const peer = await merge(id, data, mergeOptions);
    if (protocol !== undefined && writes === before && peer.protocols.includes(protocol)) {
      known.set(key, { peer, at: now() });
      if (known.size > maxPeers) {
        const [oldest] = known.keys();
        if (oldest !== undefined) known.delete(oldest);
      }
    }
    return peer;
  };

  for (const method of ["save", "patch", "delete"] as const) {
    const original = peerStore[method].bind(peerStore) as (id: PeerId, ...rest: unknown[]) => unknown;
    (peerStore as unknown as Record<string, unknown>)[method] = (id: PeerId, ...rest: unknown[]) => {
      known.delete(id.toString());
      writes += 1;
      return original(id, ...rest);
    };
  }
}

/** The protocol of a merge that adds one protocol and nothing else; otherwise undefined. */
function onlyProtocol(data: PeerData): string | undefined {
  const keys = Object.keys(data);
  if (keys.length !== 1 || keys[0] !== "protocols") return undefined;
  const { protocols } = data;
  return protocols?.length === 1 ? protocols[0] : undefined;
}
