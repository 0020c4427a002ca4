import type { PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";

import { nodeAddressFromPeerId, usualSecp256k1NodeAddress } from "./nodeAddress.js";

/** A peer id, parsed once asked for, and its node address once asked for (null: it has none). */
interface Entry {
  id?: PeerId;
  node?: string | null;
}

/**
 * How many parsed peer ids a client keeps. Discovery names at most `maxCandidates` peers per
 * registry's key and the registry at most `maxBootstrapRecords` nodes, so the peers a client works
 * with fit; a hostile DHT that names more only evicts the least recently used ones, which are
 * parsed again when needed.
 */
export const MAX_CACHED_PEER_IDS = 256;

/**
 * Parsed peer ids by their string form, least recently used first out once `maxEntries` are held.
 *
 * Parsing a secp256k1 peer id decompresses its public key twice (a modular square root each), and
 * a client names the same server's peer id at every step (discovery, dial, ping, every request):
 * with this cache each is parsed once. Only peer ids that parse are kept; a malformed one throws
 * the same error as `peerIdFromString`, every time.
 *
 * One cache belongs to one client (see {@link peerIdsOf}), never to the process: the peers a
 * client met say nothing about another client's, and a new client starts cold.
 */
export class PeerIdCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * @param maxEntries - At most this many peer ids are kept. @default {@link MAX_CACHED_PEER_IDS}
   */
  constructor(readonly maxEntries: number = MAX_CACHED_PEER_IDS) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, not ${maxEntries}`);
    }
  }

  /**
   * The peer id of a string, parsed at most once while it stays in the cache.
   *
   * @param text - The peer id's string form (`16Uiu2…`, `12D3Koo…`, or a CID).
   * @returns The parsed peer id.
   * @throws Whatever `peerIdFromString` throws when the string is not a peer id (nothing is kept).
   */
  parse(text: string): PeerId {
    const known = this.entries.get(text)?.id;
    // Parsed before anything is kept: a malformed peer id throws and leaves no entry.
    const id = known ?? peerIdFromString(text);
    this.entry(text).id = id;
    return id;
  }

  /**
   * The node address of a peer id (see `nodeAddressFromPeerId`), derived at most once while
   * it stays in the cache. A secp256k1 peer id in its usual form is not parsed with libp2p for it
   * (one decompression of the key instead of three): a client checks every bootstrap record's
   * peer id against its node, and dials few of them.
   *
   * @param text - The peer id's string form.
   * @returns The checksummed node address, or undefined when the peer id has none (it is not a
   * secp256k1 identity).
   * @throws InvalidPeerIdError when its key is not a point of the curve, or whatever
   * `peerIdFromString` throws when the string is not a peer id (nothing is kept).
   */
  nodeAddress(text: string): string | undefined {
    const known = this.entries.get(text);
    if (known?.node !== undefined) return this.entry(text).node ?? undefined;
    let node: string | null | undefined = usualSecp256k1NodeAddress(text);
    if (node === undefined) {
      // Another form: libp2p parses it (and throws for what is no peer id).
      const id = this.parse(text);
      node = id.type === "secp256k1" ? nodeAddressFromPeerId(id) : null;
    }
    this.entry(text).node = node;
    return node ?? undefined;
  }

  private entry(text: string): Entry {
    const known = this.entries.get(text);
    if (known !== undefined) {
      // Most recently used last: a Map iterates in insertion order.
      this.entries.delete(text);
      this.entries.set(text, known);
      return known;
    }
    const parsed: Entry = {};
    this.entries.set(text, parsed);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return parsed;
  }

  /** How many peer ids are held. */
  get size(): number {
    return this.entries.size;
  }
}

/** One cache per libp2p host, dropped with the host. */
const byHost = new WeakMap<object, PeerIdCache>();

/**
 * The peer id cache of the client that owns `host`. A client has its own libp2p host, so each
 * client has its own cache: created with its first parse, collected with the host. Clients that
 * are given the same host share it.
 *
 * @param host - The client's libp2p host.
 * @returns Its cache.
 */
export function peerIdsOf(host: object): PeerIdCache {
  let cache = byHost.get(host);
  if (cache === undefined) {
    cache = new PeerIdCache();
    byHost.set(host, cache);
  }
  return cache;
}
