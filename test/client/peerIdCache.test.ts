import { generateKeyPair } from "@libp2p/crypto/keys";
import type * as peerIdModule from "@libp2p/peer-id";
import { peerIdFromPrivateKey, peerIdFromString } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { parseServerAddress, tryNodeAddress } from "../../client/discovery/candidate.js";
import type * as nodeAddressModule from "../../client/kernel/identity/nodeAddress.js";
import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { MAX_CACHED_PEER_IDS, PeerIdCache, peerIdsOf } from "../../client/kernel/identity/peerIdCache.js";
import type { TestNode } from "./network.js";
import { TestNetwork } from "./network.js";

/** Every `peerIdFromString` call made by the code under test, by its argument. */
const parses = vi.hoisted(() => new Map<string, number>());

/** How many node addresses were derived from public keys, by either way. */
const derivations = vi.hoisted(() => ({ count: 0 }));

vi.mock("../../client/kernel/identity/nodeAddress.js", async (importOriginal) => {
  const original = await importOriginal<typeof nodeAddressModule>();
  return {
    ...original,
    nodeAddressFromPeerId: (...args: Parameters<typeof original.nodeAddressFromPeerId>) => {
      derivations.count += 1;
      return original.nodeAddressFromPeerId(...args);
    },
    usualSecp256k1NodeAddress: (...args: Parameters<typeof original.usualSecp256k1NodeAddress>) => {
      const node = original.usualSecp256k1NodeAddress(...args);
      if (node !== undefined) derivations.count += 1;
      return node;
    },
  };
});

vi.mock("@libp2p/peer-id", async (importOriginal) => {
  const original = await importOriginal<typeof peerIdModule>();
  return {
    ...original,
    peerIdFromString: (...args: Parameters<typeof original.peerIdFromString>) => {
      parses.set(args[0], (parses.get(args[0]) ?? 0) + 1);
      return original.peerIdFromString(...args);
    },
  };
});

async function newPeerIds(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(peerIdFromPrivateKey(await generateKeyPair("secp256k1")).toString());
  }
  return ids;
}

describe("PeerIdCache", () => {
  beforeEach(() => {
    parses.clear();
  });

  it("parses a peer id once and hands back the same peer id after", async () => {
    const [text] = await newPeerIds(1);
    const cache = new PeerIdCache();
    const first = cache.parse(text!);
    expect(cache.parse(text!)).toBe(first);
    expect(first.toString()).toBe(text);
    expect(parses.get(text!)).toBe(1);
  });

  it("derives a peer id's node address once, and none for a key that is not secp256k1", async () => {
    const [text] = await newPeerIds(1);
    const cache = new PeerIdCache();
    derivations.count = 0;
    const node = cache.nodeAddress(text!);
    expect(derivations.count).toBe(1);
    // Derived from the text: libp2p did not parse the peer id for it.
    expect(parses.get(text!)).toBeUndefined();
    expect(node).toBe(nodeAddressFromPeerId(text!));
    derivations.count = 0;
    expect(cache.nodeAddress(text!)).toBe(node);
    expect(tryNodeAddress(text!, cache)).toBe(node);
    expect(derivations.count).toBe(0);

    const ed25519 = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
    expect(cache.nodeAddress(ed25519)).toBeUndefined();
    expect(cache.nodeAddress(ed25519)).toBeUndefined();
    expect(parses.get(ed25519)).toBe(1);
  });

  it("keeps at most maxEntries peer ids, the least recently used out first", async () => {
    const ids = await newPeerIds(5);
    const cache = new PeerIdCache(3);
    const kept = cache.parse(ids[0]!);
    cache.parse(ids[1]!);
    cache.parse(ids[2]!);
    cache.parse(ids[0]!); // ids[1] is now the least recently used
    cache.parse(ids[3]!);
    cache.parse(ids[4]!);
    expect(cache.size).toBe(3);
    expect(cache.parse(ids[0]!)).toBe(kept);
    expect(parses.get(ids[0]!)).toBe(1);
    cache.parse(ids[1]!);
    expect(parses.get(ids[1]!)).toBe(2);
    expect(cache.size).toBe(3);
  });

  it("stays bounded however many peers a hostile DHT names", async () => {
    const cache = peerIdsOf({});
    expect(cache.maxEntries).toBe(MAX_CACHED_PEER_IDS);
    for (const text of await newPeerIds(MAX_CACHED_PEER_IDS + 20)) cache.parse(text);
    expect(cache.size).toBe(MAX_CACHED_PEER_IDS);
  });

  it("refuses a bound that is not a positive integer", () => {
    expect(() => new PeerIdCache(0)).toThrow(RangeError);
    expect(() => new PeerIdCache(1.5)).toThrow(RangeError);
  });

  it("throws what peerIdFromString throws for a malformed peer id, every time, and keeps nothing", () => {
    const cache = new PeerIdCache();
    let expected: Error | undefined;
    try {
      peerIdFromString("16Uiu2notapeerid");
    } catch (err) {
      expected = err as Error;
    }
    expect(expected).toBeInstanceOf(Error);
    for (let i = 0; i < 2; i++) {
      expect(() => cache.parse("16Uiu2notapeerid")).toThrow(expected);
    }
    expect(cache.size).toBe(0);
  });

  it("keeps the typed errors of the parsers that use it", () => {
    const cache = new PeerIdCache();
    expect(() => parseServerAddress("/ip4/127.0.0.1/tcp/1/p2p/16Uiu2notapeerid", cache)).toThrow(
      expect.objectContaining({ name: "InvalidMultiaddrError" }) as Error,
    );
    expect(tryNodeAddress("16Uiu2notapeerid", cache)).toBeUndefined();
  });

  it("is one cache per host", () => {
    const a = {};
    const b = {};
    expect(peerIdsOf(a)).toBe(peerIdsOf(a));
    expect(peerIdsOf(a)).not.toBe(peerIdsOf(b));
  });
});

describe("a client parses each node's peer id once", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("through discovery, verification, pings and selection, and again only in a new client", async () => {
    const provider = await network.addProvider();
    const nodes: TestNode[] = [];
    for (let i = 0; i < 3; i++) nodes.push(await network.startNode({ providerId: provider }));
    // Two of them also publish bootstrap records: the registry names them before the DHT does.
    for (const node of nodes.slice(0, 2)) {
      await network.world.publishBootstrap(node.key, provider, [node.multiaddr]);
    }
    const counts = (): number[] => nodes.map((node) => parses.get(node.peerId) ?? 0);

    parses.clear();
    derivations.count = 0;
    // Every candidate pinged in each selection: with probes staggered, a node drawn after one that
    // answered fast is never pinged, and its peer id never parsed.
    const client = await network.createClient({ probeStaggerMs: 0 });
    const verified = await client.verify(await client.discover());
    expect(nodes.every((node) => verified.some((c) => c.peerId === node.peerId && c.trusted))).toBe(true);
    for (let i = 0; i < 5; i++) await client.select({ reselect: true });
    expect(counts()).toEqual([1, 1, 1]);
    // Each node's address is derived once too, though its record and the DHT both name it.
    expect(derivations.count).toBe(nodes.length);

    // A new client starts cold: the cache is the client's, not the process's.
    parses.clear();
    const other = await network.createClient();
    await other.select();
    expect(counts().some((count) => count === 1)).toBe(true);
    expect(counts().every((count) => count <= 1)).toBe(true);
  });
});
