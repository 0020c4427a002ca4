import { afterEach, describe, expect, it } from "vitest";

import { suspendNode } from "../../../client/actions/registry/curation.js";
import { nodeAddressFromPeerId } from "../../../client/kernel/identity/nodeAddress.js";
import { RegistryLink } from "../../../node/registration/registryLink.js";
import { watchRegistryEvents } from "../../../node/registration/watchRegistryEvents.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS } from "../helpers/fixtures.js";

describe("registry events of a node", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const stops: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it("hears of a peer's suspension by subscription with a ws:// RPC URL, polling once a minute", async () => {
    const key = await newNodeKey();
    await world.current.registerNode(key, { providerId: 1n });
    const node = nodeAddressFromPeerId(peerIdFromPrivateKey(key).toString());
    const { logger, lines } = memoryLogger();
    const link = new RegistryLink({
      rpcUrl: world.current.chain.rpcUrl.replace(/^http/, "ws"),
      address: world.current.address,
      rpcTimeout: 5_000,
      retryInterval: 200,
      logger,
    });
    stops.push(() => {
      link.stop();
    });
    expect(await link.connect()).toBeDefined();
    const changed = Promise.withResolvers<number>();
    stops.push(
      watchRegistryEvents(link, {
        intervalMs: 60_000,
        logger,
        onChange: () => {
          changed.resolve(Date.now());
        },
      }),
    );
    while (!lines.some((line) => line.msg === "registry events: subscribed")) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const sentAt = Date.now();
    await suspendNode(world.current.curator, node, 0);
    const ms = (await changed.promise) - sentAt;

    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "registry events", events: ["NodeSuspended"] }),
    );
    console.log(`node: suspension sent to onChange in ${ms} ms by subscription (polling every 60 s)`);
  });
});
