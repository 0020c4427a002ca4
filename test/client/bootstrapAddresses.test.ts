import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { getBootstrapRecords } from "../../client/kernel/registry/bootstrap.js";
import { checkBootstrapAddresses } from "../../client/actions/registry/bootstrapAddresses.js";
import { setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TestNetwork } from "./network.js";

/** A fresh node key's peer id and node address. */
async function nodeKey(): Promise<{ peerId: string; node: string }> {
  const key = await generateKeyPair("secp256k1");
  return { peerId: peerIdFromPrivateKey(key).toString(), node: nodeWallet(key).address };
}

describe("checkBootstrapAddresses", () => {
  it("accepts up to four addresses of the node's own key, relayed ones included", async () => {
    const { peerId, node } = await nodeKey();
    const relay = await nodeKey();
    expect(() => {
      checkBootstrapAddresses(node, [
        `/ip4/203.0.113.7/tcp/4001/p2p/${peerId}`,
        `/dns4/mail1.example.org/tcp/4001/p2p/${peerId}`,
        `/ip6/2001:db8::1/tcp/4001/p2p/${peerId}`,
        `/ip4/198.51.100.1/tcp/4001/p2p/${relay.peerId}/p2p-circuit/p2p/${peerId}`,
      ]);
    }).not.toThrow();
    expect(() => {
      checkBootstrapAddresses(node, []);
    }).not.toThrow();
  });

  it("names the first address no client could use, and why", async () => {
    const { peerId, node } = await nodeKey();
    const other = await nodeKey();
    const reasonFor = (text: string): string => {
      try {
        checkBootstrapAddresses(node, [`/ip4/127.0.0.1/tcp/4001/p2p/${peerId}`, text]);
      } catch (err) {
        expect((err as Error).name).toBe("InvalidMultiaddrError");
        return (err as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(reasonFor("garbage-addr")).toBe(
      'Invalid server multiaddr "garbage-addr": it does not parse as a multiaddr (String multiaddr must start with "/")',
    );
    expect(reasonFor(`/ip4/999.0.0.1/tcp/4001/p2p/${peerId}`)).toContain('Invalid IPv4 address "999.0.0.1"');
    expect(reasonFor("mail1.example.org:4001")).toContain("does not parse as a multiaddr");
    expect(reasonFor("/ip4/127.0.0.1/tcp/4001")).toContain("it must end in /p2p/<the node's peer id>");
    expect(reasonFor(`/p2p/${peerId}`)).toContain("it names no location before /p2p/");
    expect(reasonFor(`/ip4/127.0.0.1/tcp/4001/p2p/${other.peerId}`)).toContain(
      `its peer id ${other.peerId} is node ${other.node}'s key, not node ${node}'s`,
    );
    expect(reasonFor("/ip4/127.0.0.1/tcp/4001/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")).toContain(
      "its peer id cannot be node",
    );
    const long = `/dns4/${"a".repeat(220)}.example/tcp/4001/p2p/${peerId}`;
    expect(reasonFor(long)).toContain("bytes long; the registry keeps at most 256");
  });

  it("refuses more than four addresses", async () => {
    const { peerId, node } = await nodeKey();
    const five = [1, 2, 3, 4, 5].map((port) => `/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}`);
    expect(() => {
      checkBootstrapAddresses(node, five);
    }).toThrow(expect.objectContaining({ name: "TooManyBootstrapAddressesError", count: 5, max: 4 }));
  });
});

describe("setNodeBootstrap", () => {
  let network: TestNetwork;
  beforeAll(async () => {
    network = await TestNetwork.start();
  });
  afterAll(async () => {
    await network.stop();
  });

  it("sends nothing when an address is of no use, and publishes good ones", async () => {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider, provide: false });
    const owner = await network.connectAs(network.ownerOf(provider));
    const before = await network.chain.provider.getBlockNumber();
    await expectRejectsNamed(setNodeBootstrap(owner, node.node, ["garbage-addr"]), "InvalidMultiaddrError");
    await expectRejectsNamed(
      setNodeBootstrap(owner, node.node, [network.seedAddress]),
      "InvalidMultiaddrError",
    );
    expect(await network.chain.provider.getBlockNumber()).toBe(before);

    await setNodeBootstrap(owner, node.node, [node.multiaddr]);
    const records = await getBootstrapRecords(network.curator, { service: "mail/1" });
    expect(records.map((record) => record.multiaddrs)).toEqual([[node.multiaddr]]);
  });
});
