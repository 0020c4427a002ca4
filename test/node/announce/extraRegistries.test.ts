import type { PrivateKey } from "@libp2p/interface";
import { describe, expect, it } from "vitest";

import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { MAIL_SERVICE } from "../../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../../client/kernel/service/serviceKey.js";
import type { WaymarkNode } from "../../../node/daemon.js";
import { startNode } from "../../../node/daemon.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useChain, useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";

describe("a node registered in several registries", () => {
  const chain = useChain();
  const world = useWorld({ chain, providers: TEST_PROVIDERS });
  /** A second registry on the same chain, curated apart, with its own default provider 1. */
  const other = useWorld({ chain, providers: TEST_PROVIDERS.slice(0, 1) });
  const dirs = useTempDirs("waymark-node-test-");
  const running = useProcesses();

  async function start(
    privateKey: PrivateKey,
    overrides: Parameters<typeof testNodeConfig>[3],
  ): Promise<WaymarkNode> {
    const { current } = world;
    const node = await startNode(
      testNodeConfig(current.address, current.chain.rpcUrl, await dirs.make(), overrides),
      {
        privateKey,
        logger: memoryLogger().logger,
      },
    );
    running.add(node);
    return node;
  }

  it("announces each registry's service key, and a client trusting both selects it", async () => {
    const chainId = world.current.curator.chainId;
    const [both, only] = await Promise.all([newNodeKey(), newNodeKey()]);
    await world.current.registerNode(both, { providerId: 1n });
    await other.current.registerNode(both, { providerId: 1n });
    await world.current.registerNode(only, { providerId: 1n });
    const seed = await start(only, { bootstrap: [] });
    const node = await start(both, {
      bootstrap: seed.libp2p.getMultiaddrs().map(String),
      extraRegistries: `${chainId}:${other.current.address}`,
    });
    await node.waitForAnnouncement();

    // The second registry's key names the node, and only it.
    const key = serviceKey({ chainId, registry: other.current.address, service: MAIL_SERVICE });
    const found = new Set<string>();
    for await (const event of seed.libp2p.services.dht.findProviders(key, {
      signal: AbortSignal.timeout(10_000),
    })) {
      if (event.name === "PROVIDER")
        for (const provider of event.providers) found.add(provider.id.toString());
    }
    expect([...found]).toEqual([node.peerId.toString()]);

    const rpcUrl = world.current.chain.rpcUrl;
    const client = await createWaymarkClient({
      rpcUrl,
      registry: world.current.address,
      bootstrap: seed.libp2p.getMultiaddrs().map(String),
      trust: {
        registries: [
          { rpcUrl, registry: world.current.address, chainId, label: "A" },
          { rpcUrl, registry: other.current.address, chainId, label: "B" },
        ],
        quorum: 2,
      },
      watchRegistry: false,
    });
    running.add(client);
    const { server } = await client.select();
    expect(server.peerId).toBe(node.peerId.toString());
    const [rejected] = await client.verify([
      { peerId: seed.peerId.toString(), node: seed.nodeAddress, multiaddrs: [], sources: ["dht"] },
    ]);
    expect(rejected?.registries?.verdicts.map((verdict) => verdict.verdict)).toEqual([
      "Trusted",
      "NodeUnknown",
    ]);
    console.log(
      `extraRegistries: B's key names ${found.size} node (the one registered in both); quorum 2 of 2 selects it, the A-only node is ${rejected?.verdict}`,
    );
  });
});
