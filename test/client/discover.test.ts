import type { JsonRpcPayload, JsonRpcResult } from "ethers";
import { JsonRpcProvider } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import { Registry__factory } from "../../client/kernel/registry/contracts/index.js";
import { setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TestNetwork } from "./network.js";

/** A provider that counts the registry's `verifyNodes` calls. */
class CountingProvider extends JsonRpcProvider {
  verifyNodesCalls = 0;
  private readonly selector = Registry__factory.createInterface().getFunction("verifyNodes").selector;

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    for (const request of Array.isArray(payload) ? payload : [payload]) {
      const call = (request.params as { data?: string }[] | undefined)?.[0];
      if (request.method === "eth_call" && call?.data?.startsWith(this.selector) === true)
        this.verifyNodesCalls++;
    }
    return super._send(payload);
  }
}

describe("discover and verify", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("finds the nodes announcing the service in the DHT and derives their node addresses", async () => {
    const provider = await network.addProvider();
    const nodes = [
      await network.startNode({ providerId: provider }),
      await network.startNode({ providerId: provider }),
    ];
    const client = await network.createClient();

    const candidates = await client.discover();
    for (const node of nodes) {
      const found = candidates.find((c) => c.peerId === node.peerId);
      expect(found?.sources).toEqual(["dht"]);
      expect(found?.node).toBe(node.node);
      expect(found?.multiaddrs.every((m) => m.endsWith(`/p2p/${node.peerId}`))).toBe(true);
    }
  });

  it("verifies every candidate in one registry call", async () => {
    const trusted = await network.addProvider();
    const untrusted = await network.addProvider({ isDefault: false });
    for (let i = 0; i < 3; i++) await network.startNode({ providerId: trusted });
    for (let i = 0; i < 2; i++) await network.startNode({ providerId: untrusted });
    for (let i = 0; i < 2; i++) await network.startNode();
    const counting = new CountingProvider(network.chain.rpcUrl, undefined, { staticNetwork: true });
    const client = await network.createClient({
      provider: counting,
      rpcUrl: undefined,
      watchRegistry: false,
    });

    const candidates = await client.discover();
    expect(candidates).toHaveLength(7);
    const before = counting.verifyNodesCalls;
    const verified = await client.verify(candidates);
    expect(counting.verifyNodesCalls - before).toBe(1);
    expect(verified.filter((c) => c.trusted)).toHaveLength(3);
    expect(verified.filter((c) => c.verdict === "ProviderNotTrusted")).toHaveLength(2);
    expect(verified.filter((c) => c.verdict === "NodeUnknown")).toHaveLength(2);

    // Answers are cached for the verification time: verifying again asks nothing.
    await client.verify(candidates);
    expect(counting.verifyNodesCalls - before).toBe(1);
    counting.destroy();
  });

  it("falls back to the registry's bootstrap records when the DHT yields nothing", async () => {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider, provide: false });
    const owner = await network.connectAs(network.ownerOf(provider));
    await setNodeBootstrap(owner, node.node, [node.multiaddr]);
    // No configured entry points: the client joins through the registry's records alone.
    const client = await network.createClient({ bootstrap: [], discoveryTimeoutMs: 1_000 });

    const candidates = await client.discover();
    expect(candidates.map((c) => [c.peerId, c.sources])).toEqual([[node.peerId, ["registry"]]]);
    const { server } = await client.select();
    expect(server.peerId).toBe(node.peerId);
    expect(server.node).toBe(nodeAddressFromPeerId(node.peerId));
  });

  it("joins the DHT through an excluded node's record when no other entry point answers", async () => {
    const provider = await network.addProvider();
    const excluded = await network.startNode({ providerId: provider });
    const other = await network.startNode({ providerId: provider });
    const owner = await network.connectAs(network.ownerOf(provider));
    await setNodeBootstrap(owner, excluded.node, [excluded.multiaddr]);
    const client = await network.createClient({ bootstrap: [], trust: { excludeNodes: [excluded.peerId] } });

    const verified = await client.verify(await client.discover());
    expect(verified.find((c) => c.peerId === excluded.peerId)?.verdict).toBe("ExcludedNode");
    expect(verified.find((c) => c.peerId === other.peerId)).toMatchObject({ verdict: "Trusted" });
    expect((await client.select()).server.peerId).toBe(other.peerId);
  });

  it("returns what it found when the time budget runs out", async () => {
    const client = await network.createClient({ bootstrap: [], discoveryTimeoutMs: 200 });
    expect(await client.discover()).toEqual([]);
  });

  it("rejects with OperationAbortedError when its signal aborts", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    const client = await network.createClient();
    await expectRejectsNamed(client.discover({ signal: AbortSignal.abort() }), "OperationAbortedError");
  });
});
