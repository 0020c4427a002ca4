import { generateKeyPair } from "@libp2p/crypto/keys";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { suspendNode } from "../../../client/actions/registry/curation.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../../client/kernel/registry/connect.js";
import type { RegistryWatcherInit, TrustEvent } from "../../../client/kernel/registry/registryWatcher.js";
import { RegistryWatcher } from "../../../client/kernel/registry/registryWatcher.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { RegistryWorld } from "../../../scripts/kit/registry.js";

describe("RegistryWatcher bounds", () => {
  let chain: Chain;
  let world: RegistryWorld;
  let registry: RegistryClient;
  const watchers: RegistryWatcher[] = [];

  beforeAll(async () => {
    chain = await startChain();
    world = await RegistryWorld.deploy(chain);
    await world.addProvider();
    registry = await connectRegistry({ rpcUrl: chain.rpcUrl, address: world.address });
  });
  afterEach(async () => {
    await Promise.all(watchers.splice(0).map(async (watcher) => watcher.stop()));
  });
  afterAll(async () => {
    registry.provider.destroy();
    await chain.close();
  });

  /** Registers `count` nodes and returns their addresses. */
  async function registerNodes(count: number): Promise<string[]> {
    const keys = await Promise.all(Array.from({ length: count }, async () => generateKeyPair("secp256k1")));
    await world.registerNodes(keys.map((key) => ({ key, providerId: 1n })));
    return keys.map((key) => nodeWallet(key).address);
  }

  /** The registry connection with its `eth_getLogs` requests counted. */
  function countingGetLogs(): { client: RegistryClient; calls: () => number } {
    let calls = 0;
    const provider = registry.provider;
    const counted = new Proxy(provider, {
      get(target, property) {
        if (property === "getLogs") {
          return async (filter: Parameters<typeof provider.getLogs>[0]) => {
            calls += 1;
            return target.getLogs(filter);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { client: { ...registry, provider: counted }, calls: () => calls };
  }

  /** A started watcher that only polls when asked, and the batches of events it delivered. */
  async function watch(
    init: Partial<RegistryWatcherInit>,
    client: RegistryClient = registry,
  ): Promise<{ watcher: RegistryWatcher; batches: TrustEvent[][] }> {
    const batches: TrustEvent[][] = [];
    const watcher = new RegistryWatcher(client, {
      intervalMs: 3_600_000,
      onEvents: async (events) => {
        batches.push(events);
        return Promise.resolve();
      },
      onReachable: () => undefined,
      onUnreachable: () => undefined,
      ...init,
    });
    watchers.push(watcher);
    await watcher.start();
    return { watcher, batches };
  }

  it("reads a catch-up page by page and delivers every event once, in order", async () => {
    const nodes = await registerNodes(3);
    const counting = countingGetLogs();
    const { watcher, batches } = await watch({ pageBlocks: 2 }, counting.client);
    // Three blocks with a suspension each, then three empty ones: six blocks, three pages.
    for (const node of nodes) await suspendNode(world.curator, node, 0);
    await chain.provider.send("hardhat_mine", ["0x3"]);

    await watcher.poll();
    expect(counting.calls()).toBe(3);
    await watcher.poll();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((event) => event.name)).toEqual([
      "NodeSuspended",
      "NodeSuspended",
      "NodeSuspended",
    ]);
    expect(batches[0]?.map((event) => String(event.args[0]))).toEqual(nodes);
  });

  it("asks for everything to be verified again past the catch-up bound", async () => {
    const { watcher, batches } = await watch({ maxCatchUpBlocks: 5 });
    await chain.provider.send("hardhat_mine", ["0x6"]);
    await watcher.poll();
    expect(batches).toEqual([[]]);
  });

  it("asks for everything to be verified again past the log bound", async () => {
    const nodes = await registerNodes(3);
    const { watcher, batches } = await watch({ maxLogs: 2 });
    for (const node of nodes) await suspendNode(world.curator, node, 0);
    await watcher.poll();
    expect(batches).toEqual([[]]);
  });
});
