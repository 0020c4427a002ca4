import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { describe, expect, it } from "vitest";

import { startNode } from "../../../node/daemon.js";
import { freePort } from "../../../scripts/kit/freePort.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";

describe("bootstrap", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();

  it("retries a bootstrap peer that was not up yet within seconds, long before the bootstrap interval", async () => {
    const laterKey = await newNodeKey();
    const port = await freePort();
    const laterAddress = `/ip4/127.0.0.1/tcp/${port}/p2p/${peerIdFromPrivateKey(laterKey).toString()}`;

    // The first node's only bootstrap peer is not listening yet; its longest retry wait is an hour.
    const early = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        bootstrap: [laterAddress],
        registryBootstrap: false,
        bootstrapInterval: "1h",
      }),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.add(early);
    expect(early.libp2p.getConnections()).toHaveLength(0);

    const later = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        listen: [`/ip4/127.0.0.1/tcp/${port}`],
        registryBootstrap: false,
      }),
      { privateKey: laterKey, logger: memoryLogger().logger },
    );
    nodes.add(later);

    // Retries start after 1 s and double (1, 2, 4, 8 s …), so the peer is reached well within 20 s.
    await waitFor(
      () => early.libp2p.getConnections().some((c) => c.remotePeer.equals(later.libp2p.peerId)),
      20_000,
    );
  });
});
