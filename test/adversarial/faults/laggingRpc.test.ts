import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { WaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { suspendNode } from "../../../client/actions/registry/curation.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { LaggingRpc } from "../../helpers/laggingRpc.js";
import type { TestNode } from "../../client/network.js";
import { TestNetwork } from "../../client/network.js";

/** The client's bound on the age of the block it verifies at. */
const MAX_BLOCK_AGE_MS = 3_000;
const SELECTIONS = 20;

describe("a chain RPC that lags behind the chain", () => {
  let network: TestNetwork;
  let lagging: LaggingRpc;
  let miner: NodeJS.Timeout | undefined;

  beforeEach(async () => {
    network = await TestNetwork.start();
    lagging = await LaggingRpc.start(network.chain.rpcUrl);
  });
  afterEach(async () => {
    clearInterval(miner);
    miner = undefined;
    await network.stop();
    await lagging.stop();
  });

  /** The peer ids `client` selects in a row of fresh choices. */
  async function selections(client: WaymarkClient): Promise<string[]> {
    const chosen: string[] = [];
    for (let i = 0; i < SELECTIONS; i++) chosen.push((await client.select({ reselect: true })).server.peerId);
    return chosen;
  }

  it("serves a suspended node as trusted unless the client bounds the age of the block it verifies at", async () => {
    const provider = await network.addProvider();
    const nodes: TestNode[] = [
      await network.startNode({ providerId: provider }),
      await network.startNode({ providerId: provider }),
    ];
    const [revoked, kept] = nodes as [TestNode, TestNode];
    const head = await lagging.freeze();
    const frozen = await network.chain.provider.getBlock(head);
    // The curator suspends a node; the lagging endpoint never sees the block.
    await suspendNode(network.curator, revoked.node, 5);
    // Wait until the frozen head is older than the client's bound.
    while (Date.now() <= frozen!.timestamp * 1_000 + MAX_BLOCK_AGE_MS + 500) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Without a bound the client believes the lagging endpoint.
    const unbounded = await network.createClient({ rpcUrl: lagging.url });
    const believed = (await selections(unbounded)).filter((peerId) => peerId === revoked.peerId).length;

    // With a bound the same answers count as the registry being unavailable.
    const bounded = await network.createClient({ rpcUrl: lagging.url, maxBlockAgeMs: MAX_BLOCK_AGE_MS });
    const refused = await expectRejectsNamed(bounded.select(), "NoServerAvailableError");
    const status = bounded.registryStatus;
    const verdicts = bounded.pool.known.map((candidate) => candidate.verdict);

    // Through an endpoint that follows the chain (a block every 500 ms), the bound costs nothing.
    miner = setInterval(() => {
      void network.chain.provider.send("evm_mine", []).catch(() => undefined);
    }, 500);
    await network.chain.provider.send("evm_mine", []);
    const honest = await network.createClient({ maxBlockAgeMs: MAX_BLOCK_AGE_MS });
    const honestChoices = await selections(honest);

    console.log(
      `lagging RPC: frozen at block ${head}, ${((Date.now() - frozen!.timestamp * 1_000) / 1_000).toFixed(1)} s old; a node suspended after it; ` +
        `without maxBlockAgeMs the client chose the suspended node in ${believed} of ${SELECTIONS} selections; ` +
        `with maxBlockAgeMs ${MAX_BLOCK_AGE_MS} ms it said the registry is stale (${status.error?.name}), left ${verdicts.length} candidates ${[...new Set(verdicts)].join(",")} ` +
        `and refused to select (${(refused as Error & { details: string }).details}); through an up-to-date RPC it chose the other node in ${honestChoices.filter((peerId) => peerId === kept.peerId).length} of ${SELECTIONS} selections`,
    );
    expect(believed).toBeGreaterThan(0);
    expect(status.stale).toBe(true);
    expect(status.error?.name).toBe("StaleChainError");
    expect((refused as Error & { details: string }).details).toContain("StaleChainError");
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((verdict) => verdict === "Unverified")).toBe(true);
    expect(bounded.current).toBeUndefined();
    expect(honestChoices.every((peerId) => peerId === kept.peerId)).toBe(true);
  }, 120_000);
});
