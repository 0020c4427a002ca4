import { subscribe, unsubscribe } from "node:diagnostics_channel";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { Candidate } from "../../client/discovery/candidate.js";
import type { TraceSpan } from "../../client/kernel/trace/trace.js";
import { TRACE_CHANNEL } from "../../client/kernel/trace/trace.js";
import { setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import { silentListener } from "../helpers/silentListener.js";
import type { TestNode } from "./network.js";
import { TestNetwork } from "./network.js";

describe("progressive discovery", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  /** Publishes nodes' addresses as registry bootstrap records. */
  async function publish(providerId: bigint, nodes: readonly TestNode[]): Promise<void> {
    const owner = await network.connectAs(network.ownerOf(providerId));
    for (const node of nodes) await setNodeBootstrap(owner, node.node, [node.multiaddr]);
  }

  it("hands over the registry's bootstrap records before joining the DHT, then the DHT's providers", async () => {
    const provider = await network.addProvider();
    const listed = await network.startNode({ providerId: provider, provide: false });
    await publish(provider, [listed]);
    const announced = await network.startNode({ providerId: provider });
    const rogue = await network.startNode();
    const client = await network.createClient({ bootstrap: [] });

    const batches: Candidate[][] = [];
    const connectionsAfterBatch: number[] = [];
    for await (const batch of client.discoverBatches()) {
      batches.push(batch);
      connectionsAfterBatch.push(client.host.getConnections().length);
    }

    expect(batches[0]?.map((c) => [c.peerId, c.sources])).toEqual([[listed.peerId, ["registry"]]]);
    // Nothing was dialled before the first batch was handed over.
    expect(connectionsAfterBatch[0]).toBe(0);
    const later = batches.slice(1).flat();
    expect(later.map((c) => c.peerId).sort()).toEqual([announced.peerId, rogue.peerId].sort());
    expect(later.every((c) => c.sources.includes("dht"))).toBe(true);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
  });

  it("selects once the quorum is verified, then adds what the DHT finds, verified, in the background", async () => {
    const provider = await network.addProvider();
    const listed = [
      await network.startNode({ providerId: provider, provide: false }),
      await network.startNode({ providerId: provider, provide: false }),
    ];
    await publish(provider, listed);
    const announced = await network.startNode({ providerId: provider });
    const rogue = await network.startNode();
    const client = await network.createClient({ discoveryQuorum: 2 });

    const first = await client.select();
    // The two verified bootstrap records made the quorum: the DHT had not answered yet.
    expect(client.pool.known.map((s) => s.peerId).sort()).toEqual(listed.map((n) => n.peerId).sort());
    expect(listed.map((n) => n.peerId)).toContain(first.server.peerId);

    await client.pool.settled();
    const known = new Map(client.pool.known.map((s) => [s.peerId, s]));
    expect(known.size).toBe(4);
    expect(known.get(announced.peerId)).toMatchObject({ trusted: true, verdict: "Trusted" });
    expect(known.get(rogue.peerId)).toMatchObject({ trusted: false, verdict: "NodeUnknown" });
    const trustedIds = new Set([...listed, announced].map((n) => n.peerId));
    for (let i = 0; i < 15; i++) {
      expect(trustedIds.has((await client.select({ reselect: true })).server.peerId)).toBe(true);
    }
  });

  it("waits for the DHT while fewer servers than the quorum are verified", async () => {
    const provider = await network.addProvider();
    const listed = await network.startNode({ providerId: provider, provide: false });
    await publish(provider, [listed]);
    const announced = await network.startNode({ providerId: provider });
    await network.startNode();
    // No deadline on the quorum here: this test is about waiting for it, however loaded the machine.
    const client = await network.createClient({ discoveryQuorum: 2, discoveryQuorumWaitMs: 600_000 });

    await client.select();
    const trusted = client.pool.known.filter((s) => s.trusted).map((s) => s.peerId);
    expect(trusted.sort()).toEqual([listed.peerId, announced.peerId].sort());
  });

  it("selects without waiting for the DHT once every node the registry could trust is known", async () => {
    const provider = await network.addProvider();
    const live = await network.startNode({ providerId: provider, provide: false });
    await publish(provider, [live]);
    // The other node is cut off: its record leads to a listener that accepts and never speaks.
    const cutOff = await network.startNode({ providerId: provider, provide: false });
    const hole = await silentListener();
    const owner = await network.connectAs(network.ownerOf(provider));
    await setNodeBootstrap(owner, cutOff.node, [`/ip4/127.0.0.1/tcp/${hole.port}/p2p/${cutOff.peerId}`]);
    await cutOff.host.stop();
    // Neither the quorum (5) nor its deadline can end the wait here, and joining the DHT waits for
    // the hung entry point until its dial times out: only knowing every trusted node ends it.
    const client = await network.createClient({ discoveryQuorumWaitMs: 600_000, joinGraceMs: 10_000 });
    const spans: TraceSpan[] = [];
    const listen = (span: unknown): void => {
      spans.push(span as TraceSpan);
    };
    subscribe(TRACE_CHANNEL, listen);
    let before: TraceSpan[];
    try {
      const { server } = await client.select();
      before = [...spans];
      expect(server.peerId).toBe(live.peerId);
    } finally {
      unsubscribe(TRACE_CHANNEL, listen);
      hole.server.close();
    }
    const names = before.map((span) => span.name);
    expect(names).toContain("selection:choose");
    // The DHT was neither joined nor searched before the selection.
    expect(names).not.toContain("discovery:join");
    expect(names).not.toContain("discovery:providers");
    expect(before.find((span) => span.name === "selection:verify")?.detail).toMatchObject({
      candidates: 2,
      usable: 2,
      trustedBound: 2,
    });
  });

  it("waits for the rest of the discovery when every server of the quorum is unreachable", async () => {
    const provider = await network.addProvider();
    const gone = await network.startNode({ providerId: provider, provide: false });
    await publish(provider, [gone]);
    await gone.host.stop();
    const announced = await network.startNode({ providerId: provider });
    const client = await network.createClient({ discoveryQuorum: 1 });
    const failed: string[] = [];
    client.addEventListener("server:failed", (event) => failed.push(event.detail.server.peerId));

    const { server } = await client.select();
    expect(server.peerId).toBe(announced.peerId);
    expect(failed).toEqual([gone.peerId]);
  });
});
