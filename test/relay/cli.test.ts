import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";

import { runCli, spawnCli } from "../../scripts/kit/cli.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { scratch } from "../cli/env.js";
import { RELAY_TEST_PROVIDERS, RelayWorld } from "./world.js";

describe("waymark serve and waymark call", () => {
  const world = useWorld({ providers: RELAY_TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-relay-cli-");
  const running = useProcesses();

  it("a served echo answers a call by address through a trusted relay", async () => {
    const nodes = new RelayWorld(world, dirs, running);
    await nodes.records(1n);
    await nodes.relay(1n);
    await nodes.relay(2n);
    await nodes.announced();
    const tmp = await scratch({ rpcUrl: world.current.chain.rpcUrl, registry: world.current.address });
    running.add({ stop: async () => tmp.remove() });
    const bootstrap = [
      "--bootstrap",
      nodes.nodes[0]!.libp2p.getMultiaddrs()[0]!.toString(),
      "--trust",
      "1,2",
    ];
    const owner = Wallet.createRandom();
    const serve = spawnCli("waymark", ["serve", ...bootstrap, "--json"], {
      env: { ...tmp.env, WAYMARK_PRIVATE_KEY: owner.privateKey },
    });
    running.add({ stop: async () => serve.stop() });
    const published = await serve.waitForLine((line) => line.event === "reach:published", 60_000);
    expect(published.addresses).toHaveLength(2);

    const call = await runCli(
      "waymark",
      ["call", owner.address, "hello over a relay", ...bootstrap, "--json"],
      {
        env: tmp.env,
        check: true,
      },
    );
    const answer = JSON.parse(call.stdout) as { answer: string; providerId: string };
    expect(answer.answer).toBe("hello over a relay");
    expect(["1", "2"]).toContain(answer.providerId);
  });
});
