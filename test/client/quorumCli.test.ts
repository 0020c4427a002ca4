import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { RegistryWorld } from "../../scripts/kit/registry.js";
import { runCli } from "../../scripts/kit/cli.js";
import type { Scratch } from "../cli/env.js";
import { scratch } from "../cli/env.js";
import { TestNetwork } from "./network.js";

describe("waymark discover with a quorum of curators", () => {
  let network: TestNetwork;
  let tmp: Scratch;

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch();
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  it("shows each registry's verdict and the count, and trusts only nodes enough registries vouch for", async () => {
    const others: RegistryWorld[] = [];
    for (let i = 0; i < 2; i++) {
      const world = await RegistryWorld.deploy(network.chain);
      await world.addProvider({ name: `Curator ${i + 2}` });
      others.push(world);
    }
    const provider = await network.addProvider({ name: "Alpha Mail" });
    // One node vouched for by A and B, one by A alone.
    const both = await network.startNode({ providerId: provider });
    await others[0]!.registerNode(both.key, { providerId: 1n });
    const alone = await network.startNode({ providerId: provider });
    const chainId = Number(network.curator.chainId);
    const config = join(tmp.dir, "config.json");
    await writeFile(
      config,
      JSON.stringify({
        rpcUrl: network.chain.rpcUrl,
        registry: network.registryAddress,
        bootstrap: [network.seedAddress],
        trust: {
          registries: [
            { label: "A", rpcUrl: network.chain.rpcUrl, registry: network.registryAddress, chainId },
            { label: "B", rpcUrl: network.chain.rpcUrl, registry: others[0]!.address, chainId },
            { label: "C", rpcUrl: network.chain.rpcUrl, registry: others[1]!.address, chainId },
          ],
          quorum: 2,
        },
      }),
    );
    const user = (args: string[]) => runCli("waymark", ["--config", config, ...args], { env: tmp.env });

    const table = await user(["discover"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^CANDIDATE\s+VERDICT\s+REASON\s+PROVIDER\s+A\s+B\s+C\s+VOUCHING \(NEED 2\)\s+RTT/m,
    );
    expect(table.stdout).toMatch(
      new RegExp(
        `^${both.peerId}\\s+trusted\\s+Trusted\\s+\\S+\\s+Trusted\\s+Trusted\\s+NodeUnknown\\s+2/3\\s+\\d+ ms`,
        "m",
      ),
    );
    expect(table.stdout).toMatch(
      new RegExp(
        `^${alone.peerId}\\s+rejected\\s+QuorumNotReached\\s+\\S+\\s+Trusted\\s+NodeUnknown\\s+NodeUnknown\\s+1/3\\s+not probed`,
        "m",
      ),
    );

    const json = await user(["discover", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as {
      peerId: string;
      vouching: number;
      registries: { verdict: string }[];
    }[];
    const row = rows.find((r) => r.peerId === alone.peerId);
    expect(row?.vouching).toBe(1);
    expect(row?.registries.map((r) => r.verdict)).toEqual(["Trusted", "NodeUnknown", "NodeUnknown"]);

    const pick = await user(["pick"]);
    expect(pick.code, pick.stderr).toBe(0);
    expect(pick.stdout).toContain(`Selected ${both.peerId}`);
    console.log(
      `waymark discover, quorum 2 of 3: ${both.peerId.slice(-6)} 2/3 trusted, ${alone.peerId.slice(-6)} 1/3 ${row?.registries.map((r) => r.verdict).join(",")}; pick → the 2/3 node`,
    );
  });
});
