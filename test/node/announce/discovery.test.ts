import type { PrivateKey } from "@libp2p/interface";
import { describe, expect, it } from "vitest";

import { nodeAddressFromPeerId } from "../../../client/kernel/identity/nodeAddress.js";
import { verifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import type { WaymarkNode } from "../../../node/daemon.js";
import { startNode } from "../../../node/daemon.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";

describe("announcement and discovery", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();

  async function start(privateKey: PrivateKey): Promise<WaymarkNode> {
    // Nothing but the registry: no configured bootstrap peers.
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), { bootstrap: [] }),
      { privateKey, logger: memoryLogger().logger },
    );
    nodes.add(node);
    return node;
  }

  it("lets five nodes bootstrapped only from the registry find each other's announcements", async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, newNodeKey));
    for (const key of keys) await world.current.registerNode(key, { providerId: 1n });

    // The first node finds no bootstrap record; its provider then publishes its address.
    const seed = await start(keys[0]!);
    await (
      await world.current
        .provider(1n)
        .contract.setNodeBootstrap(seed.nodeAddress, seed.libp2p.getMultiaddrs().map(String))
    ).wait();
    const others = await Promise.all(keys.slice(1).map(start));
    const all = [seed, ...others];
    await Promise.all(all.map(async (node) => node.waitForAnnouncement()));

    for (const seeker of all) {
      const found = new Set<string>();
      for await (const event of seeker.libp2p.services.dht.findProviders(seeker.serviceKey!, {
        signal: AbortSignal.timeout(20_000),
      })) {
        if (event.name === "PROVIDER")
          for (const provider of event.providers) found.add(provider.id.toString());
      }
      expect([...found].sort()).toEqual(all.map((node) => node.peerId.toString()).sort());
    }

    // What a client does next: every discovered peer id verifies in the registry.
    const verifications = await verifyNodes(world.current.curator, {
      nodes: all.map((node) => nodeAddressFromPeerId(node.peerId)),
      service: "mail/1",
    });
    expect(verifications.map((verification) => verification.verdict)).toEqual(Array(5).fill("Trusted"));
    for (const node of others) expect(node.status().connections).toBeGreaterThan(0);
  });

  it("announces again on its interval and reports each announcement", async () => {
    const peer = await start(await newNodeKey());
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        bootstrap: peer.libp2p.getMultiaddrs().map(String),
        announceInterval: "1s",
        announceTimeout: "1s",
        announceRetryInterval: "1s",
      }),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.add(node);

    const first = await node.waitForAnnouncement();
    const second = await new Promise<number>((resolve) => {
      node.addEventListener("announce:success", ({ detail: announcement }) => {
        resolve(announcement.at);
      });
    });
    expect(second).toBeGreaterThan(first.at);
    expect(node.status().announcement.successes).toBeGreaterThanOrEqual(2);
    expect(node.status().announcement.next).not.toBeNull();
  });
});
