import type { Interface } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { suspendNode } from "../../client/actions/registry/curation.js";
import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { QuorumRegistryOption } from "../../client/options/index.js";
import { RegistryWorld } from "../../scripts/kit/registry.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { nextEvent } from "../helpers/clientEvents.js";
import { callData, HeldRpc } from "../helpers/heldRpc.js";
import { TcpProxy } from "../helpers/tcpProxy.js";
import { REGISTRY_INTERFACE } from "../../client/kernel/registry/registryInterface.js";
import type { TestNode } from "./network.js";
import { TestNetwork } from "./network.js";

describe("a client trusting a quorum of curators", () => {
  let network: TestNetwork;
  /** Registries B and C, deployed beside the network's own (A), each with a default provider 1. */
  let others: RegistryWorld[];
  let proxy: TcpProxy;

  beforeEach(async () => {
    network = await TestNetwork.start();
    others = [];
    for (let i = 0; i < 2; i++) {
      const world = await RegistryWorld.deploy(network.chain);
      await world.addProvider({ name: `Curator ${i + 2}` });
      others.push(world);
    }
    proxy = await TcpProxy.start(Number(new URL(network.chain.rpcUrl).port));
  });
  afterEach(async () => {
    await Promise.all(network.clients.splice(0).map(async (client) => client.stop()));
    await proxy.stop();
    await network.stop();
  });

  /** A, B and C, C reached through the proxy. */
  function registries(): QuorumRegistryOption[] {
    const chainId = network.curator.chainId;
    return [
      { rpcUrl: network.chain.rpcUrl, registry: network.registryAddress, chainId, label: "A" },
      { rpcUrl: network.chain.rpcUrl, registry: others[0]!.address, chainId, label: "B" },
      { rpcUrl: `http://127.0.0.1:${proxy.port}`, registry: others[1]!.address, chainId, label: "C" },
    ];
  }

  /**
   * A node registered in A, B and C that announces only B's service key: the client finds it only
   * by searching under the keys of the quorum's registries.
   */
  async function nodeInAll(): Promise<TestNode> {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider, provide: false });
    for (const world of others) await world.registerNode(node.key, { providerId: 1n });
    const key = serviceKey({
      chainId: network.curator.chainId,
      registry: others[0]!.address,
      service: MAIL_SERVICE,
    });
    for await (const _event of node.host.services.dht.provide(key)) {
      // Announcing happens as the query runs.
    }
    return node;
  }

  const verdictsOf = (client: WaymarkClient, peerId: string) =>
    client.pool.known.find((server) => server.peerId === peerId)?.registries?.verdicts.map((v) => v.verdict);

  it("selects a node two of three registries vouch for, and drops it when a second suspends it", async () => {
    const node = await nodeInAll();
    const client = await network.createClient({ trust: { registries: registries(), quorum: 2 } });

    const { server } = await client.select();
    expect(server.peerId).toBe(node.peerId);
    expect(server.sources).toContain("dht");
    expect(server.registries).toMatchObject({ vouching: 3, quorum: 2 });

    await suspendNode(others[0]!.curator, node.node, 0);
    await expect
      .poll(() => verdictsOf(client, node.peerId), { timeout: 10_000 })
      .toEqual(["Trusted", "NodeSuspended", "Trusted"]);
    expect(client.current?.server.peerId).toBe(node.peerId);

    const revoked = nextEvent(client, "server:revoked");
    const sentAt = Date.now();
    await suspendNode(network.curator, node.node, 0);
    const event = await revoked;
    const ms = Date.now() - sentAt;
    expect(event).toMatchObject({ verdict: "QuorumNotReached", wasSelected: true });
    expect(event.server.registries?.verdicts.map((v) => v.verdict)).toEqual([
      "NodeSuspended",
      "NodeSuspended",
      "Trusted",
    ]);
    await expectRejectsNamed(client.select(), "NoServerAvailableError");
    console.log(
      `quorum 2 of 3 (node announced under B's key only): selected with 3 vouching; B suspends → kept (2); A suspends → server:revoked QuorumNotReached in ${ms} ms (polling every 200 ms)`,
    );
  });

  it("asks a member's registry only what verification needs, never discovery's first reads", async () => {
    const node = await nodeInAll();
    const held = await HeldRpc.start(network.chain.rpcUrl);
    try {
      const [a, b, c] = registries();
      const client = await network.createClient({
        trust: { registries: [a!, { ...b!, rpcUrl: held.url }, c!], quorum: 2 },
      });
      expect((await client.select()).server.peerId).toBe(node.peerId);
      const registryInterface: Interface = REGISTRY_INTERFACE;
      const calls = held.received
        .flat()
        .filter((request) => request.method === "eth_call")
        .map((request) => registryInterface.getFunction(callData(request).slice(0, 10))?.name);
      expect(calls).toContain("verifyNodes");
      expect(calls).not.toContain("getBootstrapRecords");
      expect(calls).not.toContain("getProviders");
    } finally {
      await held.stop();
    }
  });

  it("counts a registry whose RPC is down as not vouching, and says which", async () => {
    const node = await nodeInAll();
    const client = await network.createClient({
      trust: { registries: registries(), quorum: 3 },
      verificationTtlMs: 1,
      staleGraceMs: 1,
      rpcTimeoutMs: 2_000,
    });
    const [before] = await client.verify([(await client.select()).server]);
    expect(before).toMatchObject({ trusted: true, registries: { vouching: 3 } });

    const unavailable = nextEvent(client, "quorum:unavailable");
    proxy.cut();
    const down = await unavailable;
    expect(down.registry).toBe("C");
    expect(down.error.name).toBe("RpcUnreachableError");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [after] = await client.verify([before!]);
    expect(after).toMatchObject({ trusted: false, verdict: "QuorumNotReached", registries: { vouching: 2 } });
    expect(after?.registries?.verdicts[2]).toMatchObject({
      registry: "C",
      vouches: false,
      verdict: "Unreachable",
    });
    expect(after?.registries?.verdicts[2]?.error?.name).toBe("RpcUnreachableError");

    const back = nextEvent(client, "quorum:available");
    proxy.restore();
    await client.verify([before!]);
    expect(await back).toEqual({ registry: "C" });
    console.log(
      `quorum 3 of 3, C's RPC cut: quorum:unavailable C (${down.error.name}); ${node.peerId.slice(-6)} → ${after?.verdict} (2 vouch); restored → quorum:available C`,
    );
  });

  it("refuses a quorum it cannot count, and registries without their chain id", async () => {
    const tooMany = await expectRejectsNamed(
      network.createClient({ trust: { registries: registries(), quorum: 4 } }),
      "ConfigurationError",
    );
    expect(String(tooMany)).toMatch(/between 1 and the number of registries \(3\)/);
    const [first] = registries();
    await expectRejectsNamed(
      network.createClient({
        trust: { registries: [{ ...first!, chainId: undefined as unknown as number }] },
      }),
      "ConfigurationError",
    );
    await expectRejectsNamed(network.createClient({ trust: { quorum: 1 } }), "ConfigurationError");
  });
});
