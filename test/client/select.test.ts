import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromString } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TestNetwork } from "./network.js";

describe("select", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("never selects a rogue node that announces the same service key", async () => {
    const provider = await network.addProvider();
    const honest = await network.startNode({ providerId: provider });
    const rogue = await network.startNode();
    const client = await network.createClient();

    const verified = await client.verify(await client.discover());
    const rogueVerdict = verified.find((c) => c.peerId === rogue.peerId);
    expect(rogueVerdict?.sources).toContain("dht");
    expect(rogueVerdict?.verdict).toBe("NodeUnknown");
    expect(rogueVerdict?.trusted).toBe(false);

    const chosen = new Set<string>();
    for (let i = 0; i < 20; i++) chosen.add((await client.select({ reselect: true })).server.peerId);
    expect([...chosen]).toEqual([honest.peerId]);
  });

  it("never selects provider A's nodes for a user who trusts only provider B", async () => {
    const a = await network.addProvider();
    const b = await network.addProvider({ isDefault: false });
    for (let i = 0; i < 2; i++) await network.startNode({ providerId: a });
    const bNodes = [await network.startNode({ providerId: b }), await network.startNode({ providerId: b })];
    const client = await network.createClient({ trust: { providers: [b] } });

    const chosen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { server } = await client.select({ reselect: true });
      expect(server.providerId).toBe(b);
      chosen.add(server.peerId);
    }
    expect([...chosen].every((peer) => bNodes.some((n) => n.peerId === peer))).toBe(true);
    const verified = await client.verify(await client.discover());
    expect(verified.filter((c) => c.providerId === a).map((c) => c.verdict)).toEqual([
      "ProviderNotTrusted",
      "ProviderNotTrusted",
    ]);
  });

  it("selects only default providers' nodes under the default policy", async () => {
    const chosenDefault = await network.addProvider({ isDefault: true });
    const other = await network.addProvider({ isDefault: false });
    await network.startNode({ providerId: chosenDefault });
    await network.startNode({ providerId: other });
    await network.startNode({ providerId: other });
    const client = await network.createClient();

    for (let i = 0; i < 15; i++) {
      expect((await client.select({ reselect: true })).server.providerId).toBe(chosenDefault);
    }
  });

  it("honours exclusions of providers and nodes", async () => {
    const a = await network.addProvider();
    const b = await network.addProvider();
    const excludedNode = await network.startNode({ providerId: b });
    const kept = await network.startNode({ providerId: b });
    await network.startNode({ providerId: a });
    const client = await network.createClient({
      trust: { excludeProviders: [a], excludeNodes: [excludedNode.peerId] },
    });

    const verified = await client.verify(await client.discover());
    expect(verified.find((c) => c.peerId === excludedNode.peerId)?.verdict).toBe("ExcludedNode");
    expect(verified.filter((c) => c.providerId === a).map((c) => c.verdict)).toEqual(["ExcludedProvider"]);
    for (let i = 0; i < 10; i++) {
      expect((await client.select({ reselect: true })).server.peerId).toBe(kept.peerId);
    }
  });

  it("selects a configured custom server, accepted without the registry and labelled custom", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    const own = await createWaymarkHost({
      privateKey: await generateKeyPair("Ed25519"),
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    try {
      const address = own.getMultiaddrs()[0]!.toString();
      const client = await network.createClient({ customServers: [address] });

      const { server } = await client.select();
      expect(server.peerId).toBe(own.peerId.toString());
      expect(server.custom).toBe(true);
      expect(server.verdict).toBe("Custom");
      expect(server.sources).toEqual(["custom"]);
      expect(server.providerId).toBeUndefined();
    } finally {
      await own.stop();
    }
  });

  it("spreads selections across equally fast verified nodes", async () => {
    const provider = await network.addProvider();
    const nodes = [];
    for (let i = 0; i < 4; i++) nodes.push(await network.startNode({ providerId: provider }));
    const client = await network.createClient();

    const counts = new Map(nodes.map((n) => [n.peerId, 0]));
    const rounds = 60;
    for (let i = 0; i < rounds; i++) {
      const { server } = await client.select({ reselect: true });
      counts.set(server.peerId, (counts.get(server.peerId) ?? 0) + 1);
    }
    // Uniform among 4 gives 15 each; a node chosen never, or more than half the time, would mean
    // the choice is not spread (the chance of either under a uniform choice is below 1e-4).
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(rounds / 2);
    }
  });

  it("keeps the selection until it fails, then fails over to another node", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    const client = await network.createClient();
    const failed: string[] = [];
    const reasons: string[] = [];
    client.addEventListener("server:failed", (event) => failed.push(event.detail.server.peerId));
    client.addEventListener("server:selected", (event) => reasons.push(event.detail.reason));
    const pingServer = async (): Promise<string> =>
      client.withServer(async (server, { signal }) => {
        await client.host.services.ping.ping(peerIdFromString(server.peerId), { signal });
        return server.peerId;
      });

    const first = await pingServer();
    for (let i = 0; i < 5; i++) expect(await pingServer()).toBe(first);

    await network.nodes.find((n) => n.peerId === first)!.host.stop();
    const second = await pingServer();
    expect(second).not.toBe(first);
    expect(failed).toEqual([first]);
    expect(reasons).toEqual(["initial", "failover"]);
    expect(client.pool.greyList.has(first)).toBe(true);
  });

  it("grey-lists a verified node that does not answer and picks a reachable one", async () => {
    const provider = await network.addProvider();
    const down = await network.startNode({ providerId: provider });
    const up = await network.startNode({ providerId: provider });
    // Both pinged at once: staggered, a selection whose shuffle put the reachable node first
    // would never ping the other (and five such selections in a row happen in 1 run of 32).
    const client = await network.createClient({ probeCount: 2, probeStaggerMs: 0 });
    await client.discover();
    await down.host.stop();

    // Until the unanswering node is grey-listed (bounded): every selection picks the reachable one.
    for (let i = 0; i < 20 && !client.pool.greyList.has(down.peerId); i++) {
      expect((await client.select({ reselect: true })).server.peerId).toBe(up.peerId);
    }
    expect(client.pool.greyList.has(down.peerId)).toBe(true);
    expect((await client.select({ reselect: true })).server.peerId).toBe(up.peerId);
  });

  it("says no server is available when none is trusted", async () => {
    await network.startNode();
    const client = await network.createClient();
    await expectRejectsNamed(client.select(), "NoServerAvailableError");
  });
});
