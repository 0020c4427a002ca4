import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { beforeAll, describe, expect, it } from "vitest";

import { rankRecords, usableRecords } from "../../client/discovery/bootstrapRecords.js";
import { ContactablePool } from "../../client/discovery/contactablePool.js";
import { PeerIdCache } from "../../client/kernel/identity/peerIdCache.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import type { ResolvedTrustPolicy } from "../../client/options/index.js";
import type { BootstrapRecord } from "../../client/kernel/registry/bootstrap.js";

interface Identity {
  peerId: string;
  node: string;
}

async function identity(): Promise<Identity> {
  const key = await generateKeyPair("secp256k1");
  return { peerId: peerIdFromPrivateKey(key).toString(), node: nodeWallet(key).address };
}

const DEFAULT_POLICY: ResolvedTrustPolicy = {
  providers: "default",
  excludeProviders: new Set(),
  excludeNodes: new Set(),
};

let ids: Identity[];
beforeAll(async () => {
  ids = await Promise.all(Array.from({ length: 6 }, identity));
});
const address = (id: Identity, port = 4001): string => `/ip4/127.0.0.1/tcp/${port}/p2p/${id.peerId}`;
const record = (id: Identity, multiaddrs: string[], providerId = 1n): BootstrapRecord => ({
  node: id.node,
  providerId,
  multiaddrs,
});

describe("usableRecords", () => {
  it("keeps the addresses that parse and name the record's node, and says why the others are skipped", () => {
    const [a, b, c, d] = ids as [Identity, Identity, Identity, Identity];
    const { usable, skipped } = usableRecords(
      [
        record(a, [address(a), `/ip4/999.0.0.1/tcp/1/p2p/${a.peerId}`, address(a, 4002)]),
        record(b, ["garbage"]),
        record(c, ["mail.example:4001", address(d)]),
        record(d, [`/ip4/127.0.0.1/tcp/1/p2p/${d.peerId}`.padEnd(300, "0")]),
      ],
      { maxRecords: 10, trust: DEFAULT_POLICY },
    );
    expect(usable).toEqual([
      { node: a.node, providerId: 1n, peerId: a.peerId, multiaddrs: [address(a), address(a, 4002)] },
    ]);
    expect(skipped.map((s) => [s.node, s.whole, s.reasons.length])).toEqual([
      [a.node, false, 1],
      [b.node, true, 1],
      [c.node, true, 2],
      [d.node, true, 1],
    ]);
    expect(skipped[0]?.reasons[0]).toBe(
      `${JSON.stringify(`/ip4/999.0.0.1/tcp/1/p2p/${a.peerId}`)}: not a multiaddr ending in /p2p/<peer id>`,
    );
    expect(skipped[2]?.reasons[1]).toContain(`names peer ${d.peerId}, not the record's node`);
    expect(skipped[3]?.reasons[0]).toMatch(/…": longer than 256 bytes$/);
  });

  it("reads at most the registry's 4 addresses of a record", () => {
    const [a] = ids as [Identity];
    const { usable, skipped } = usableRecords(
      [
        record(
          a,
          [4001, 4002, 4003, 4004, 4005, 4006].map((port) => address(a, port)),
        ),
      ],
      { maxRecords: 10, trust: DEFAULT_POLICY },
    );
    expect(usable[0]?.multiaddrs).toHaveLength(4);
    expect(skipped[0]).toMatchObject({ whole: false, reasons: ["2 addresses past the first 4"] });
  });

  it("reads at most maxRecords records, explicitly trusted providers' first, excluded providers' and nodes' last", () => {
    const [a, b, c, d, e, f] = ids as [Identity, Identity, Identity, Identity, Identity, Identity];
    const records = [
      record(a, [address(a)], 1n),
      record(b, [address(b)], 2n),
      record(c, [address(c)], 3n),
      record(d, [address(d)], 2n),
      record(e, [address(e)], 4n),
      record(f, [address(f)], 2n),
    ];
    const trust: ResolvedTrustPolicy = {
      providers: [2n],
      excludeProviders: new Set([4n]),
      excludeNodes: new Set([f.node]),
    };
    expect(usableRecords(records, { maxRecords: 3, trust }).usable.map((r) => r.node)).toEqual([
      b.node,
      d.node,
      a.node,
    ]);
    expect(usableRecords(records, { maxRecords: 10, trust }).usable.map((r) => r.node)).toEqual([
      b.node,
      d.node,
      a.node,
      c.node,
      e.node,
      f.node,
    ]);
    expect(
      usableRecords(records, { maxRecords: 2, trust: DEFAULT_POLICY }).usable.map((r) => r.node),
    ).toEqual([a.node, b.node]);
  });
});

describe("ContactablePool", () => {
  it("checks a record only when it is asked for, once, and never hands over one naming another node", () => {
    const [a, b, c, d] = ids as [Identity, Identity, Identity, Identity];
    const peerIds = new PeerIdCache();
    const custom = { peerId: d.peerId, node: d.node, multiaddrs: [address(d)], sources: ["custom" as const] };
    const ranked = rankRecords(
      [
        record(a, [address(a)]),
        // A record of b naming c's peer: the pool must never hand c over as b.
        record(b, [address(c)]),
        record(c, [address(c)]),
        // d is also a custom server, which stands for it.
        record(d, [address(d, 4002)]),
      ],
      { maxRecords: 10, trust: DEFAULT_POLICY },
    );
    const pool = new ContactablePool([custom], ranked, peerIds);
    expect([pool.size, pool.recordCount]).toEqual([5, 4]);
    expect(pool.server(0)).toBe(custom);
    expect(peerIds.size).toBe(0);

    expect(pool.server(3)).toEqual({
      peerId: c.peerId,
      node: c.node,
      multiaddrs: [address(c)],
      sources: ["registry"],
    });
    // Only c's peer id was derived: the other records are still unchecked.
    expect(peerIds.size).toBe(1);
    expect(pool.server(2)).toBeUndefined();
    expect(pool.server(4)).toBeUndefined();
    expect(pool.server(1)?.peerId).toBe(a.peerId);
    expect(pool.server(3)).toBe(pool.server(3));
  });
});
