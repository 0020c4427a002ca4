import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { WaymarkNode } from "../../../node/daemon.js";
import { startNode } from "../../../node/daemon.js";
import { freePort } from "../../../scripts/kit/freePort.js";
import type { TestChain } from "../../helpers/chain.js";
import { startChain } from "../../helpers/chain.js";
import { waitFor } from "../../helpers/wait.js";
import type { TestRegistry } from "../helpers/fixtures.js";
import {
  deployTestRegistry,
  memoryLogger,
  newNodeKey,
  TempDirs,
  testNodeConfig,
} from "../helpers/fixtures.js";

describe("bootstrap", () => {
  let chain: TestChain;
  let registry: TestRegistry;
  const dirs = new TempDirs();
  const nodes: WaymarkNode[] = [];

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
  });
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map(async (node) => node.stop()));
    await dirs.cleanup();
  });
  afterAll(async () => {
    await chain.close();
  });

  it("retries a bootstrap peer that was not up yet within seconds, long before the bootstrap interval", async () => {
    const laterKey = await newNodeKey();
    const port = await freePort();
    const laterAddress = `/ip4/127.0.0.1/tcp/${port}/p2p/${peerIdFromPrivateKey(laterKey).toString()}`;

    // The first node's only bootstrap peer is not listening yet; its longest retry wait is an hour.
    const early = await startNode(
      testNodeConfig(registry.address, chain.rpcUrl, await dirs.make(), {
        bootstrap: [laterAddress],
        registryBootstrap: false,
        bootstrapInterval: "1h",
      }),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.push(early);
    expect(early.libp2p.getConnections()).toHaveLength(0);

    const later = await startNode(
      testNodeConfig(registry.address, chain.rpcUrl, await dirs.make(), {
        listen: [`/ip4/127.0.0.1/tcp/${port}`],
        registryBootstrap: false,
      }),
      { privateKey: laterKey, logger: memoryLogger().logger },
    );
    nodes.push(later);

    // Retries start after 1 s and double (1, 2, 4, 8 s …), so the peer is reached well within 20 s.
    await waitFor(
      () => early.libp2p.getConnections().some((c) => c.remotePeer.equals(later.libp2p.peerId)),
      20_000,
    );
  });
});
