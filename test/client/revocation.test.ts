import { peerIdFromString } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setDefaultProvider, suspendNode, suspendProvider } from "../../client/actions/registry/curation.js";
import { retireNode } from "../../client/actions/registry/nodes.js";
import { nextEvent } from "../helpers/clientEvents.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TestNetwork } from "./network.js";

describe("revocation", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("drops a node of a suspended provider from a connected client without restarting it", async () => {
    const a = await network.addProvider();
    const b = await network.addProvider();
    await network.startNode({ providerId: a });
    await network.startNode({ providerId: b });
    const client = await network.createClient();
    const first = await client.select();
    const peer = peerIdFromString(first.server.peerId);
    expect(client.host.getConnections(peer).length).toBeGreaterThan(0);

    const revoked = nextEvent(client, "server:revoked");
    await suspendProvider(network.curator, first.server.providerId!, 7);
    const event = await revoked;

    expect(event.server.peerId).toBe(first.server.peerId);
    expect(event.verdict).toBe("ProviderNotActive");
    expect(event.wasSelected).toBe(true);
    expect(client.current).toBeUndefined();
    expect(client.host.getConnections(peer)).toHaveLength(0);

    const selected = nextEvent(client, "server:selected");
    const next = await client.select();
    expect(next.server.providerId).not.toBe(first.server.providerId);
    expect((await selected).reason).toBe("revoked");
  });

  it("drops a retired node and a suspended node at once", async () => {
    const provider = await network.addProvider();
    const retired = await network.startNode({ providerId: provider });
    const suspended = await network.startNode({ providerId: provider });
    const kept = await network.startNode({ providerId: provider });
    const client = await network.createClient();
    await client.select();

    const verdicts = new Map<string, string>();
    const twoRevocations = new Promise<void>((resolve) => {
      client.addEventListener("server:revoked", (event) => {
        verdicts.set(event.detail.server.peerId, event.detail.verdict);
        if (verdicts.size === 2) resolve();
      });
    });
    await retireNode(await network.connectAs(network.ownerOf(provider)), retired.node);
    await suspendNode(network.curator, suspended.node, 1);
    await twoRevocations;

    expect(verdicts.get(retired.peerId)).toBe("NodeRetired");
    expect(verdicts.get(suspended.peerId)).toBe("NodeSuspended");
    for (let i = 0; i < 5; i++) {
      expect((await client.select({ reselect: true })).server.peerId).toBe(kept.peerId);
    }
  });

  it("drops a default provider's node when the curator removes the default mark", async () => {
    const a = await network.addProvider();
    const b = await network.addProvider();
    const aNode = await network.startNode({ providerId: a });
    await network.startNode({ providerId: b });
    const client = await network.createClient();
    await client.select();

    const revoked = nextEvent(client, "server:revoked");
    await setDefaultProvider(network.curator, a, false);
    const event = await revoked;
    expect(event.server.peerId).toBe(aNode.peerId);
    expect(event.verdict).toBe("ProviderNotTrusted");
  });

  it("sees a revocation at the next verification when registry events are not watched", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    const client = await network.createClient({ watchRegistry: false, verificationTtlMs: 1 });
    const first = await client.select();

    await suspendNode(network.curator, first.server.node!, 0);
    const revoked = nextEvent(client, "server:revoked");
    const next = await client.select();
    expect(next.server.peerId).not.toBe(first.server.peerId);
    expect((await revoked).verdict).toBe("NodeSuspended");
  });

  it("keeps the last verified set when the RPC is unreachable and says it is stale", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    const client = await network.createClient({ verificationTtlMs: 1, rpcTimeoutMs: 2_000 });
    const first = await client.select();
    expect(first.server.stale).toBe(false);
    expect(client.registryStatus.stale).toBe(false);

    const stale = nextEvent(client, "verification:stale");
    await network.stopChain();
    const again = await client.select();
    expect(again.server.peerId).toBe(first.server.peerId);
    expect(again.server.stale).toBe(true);
    expect(again.server.trusted).toBe(true);
    const event = await stale;
    expect(event.graceMs).toBe(300_000);
    expect(event.error.name).toBe("RpcUnreachableError");
    expect(client.registryStatus.stale).toBe(true);
  });

  it("stops using stale verifications after the grace time", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    const client = await network.createClient({
      verificationTtlMs: 1,
      staleGraceMs: 1,
      rpcTimeoutMs: 2_000,
      watchRegistry: false,
    });
    await client.select();

    await network.stopChain();
    const error = await expectRejectsNamed(client.select(), "NoServerAvailableError");
    expect((error as Error & { details: string }).details).toContain("verification is stale");
  });
});
