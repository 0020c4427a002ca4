import { subscribe, unsubscribe } from "node:diagnostics_channel";

import type { Interface } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { retireNode, setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import type { WaymarkClient } from "../../client/index.js";
import type { Hold, RpcRequest } from "../helpers/heldRpc.js";
import { callData, HeldRpc } from "../helpers/heldRpc.js";
import { REGISTRY_INTERFACE } from "../../client/kernel/registry/registryInterface.js";
import type { TraceSpan } from "../../client/kernel/trace/trace.js";
import { TRACE_CHANNEL } from "../../client/kernel/trace/trace.js";
import type { TestNode } from "./network.js";
import { TestNetwork } from "./network.js";

/** How long a test waits for a node to be contacted before it gives up and checks what it saw. */
const CONTACT_WAIT_MS = 10_000;

describe("pings started while the registry verifies the nodes", () => {
  let network: TestNetwork;
  let rpc: HeldRpc;

  beforeEach(async () => {
    network = await TestNetwork.start();
    rpc = await HeldRpc.start(network.chain.rpcUrl);
  });
  afterEach(async () => {
    await rpc.stop();
    await network.stop();
  });

  /** Publishes nodes' addresses as registry bootstrap records. */
  async function publish(providerId: bigint, nodes: readonly TestNode[]): Promise<void> {
    const owner = await network.connectAs(network.ownerOf(providerId));
    for (const node of nodes) await setNodeBootstrap(owner, node.node, [node.multiaddr]);
  }

  /** A client of the network whose registry calls go through the held endpoint, with no DHT peer. */
  async function heldClient(
    options: Parameters<TestNetwork["createClient"]>[0] = {},
  ): Promise<WaymarkClient> {
    return network.createClient({ rpcUrl: rpc.url, bootstrap: [], ...options });
  }

  /** Notes, in order, what the test sees: which node the client contacted, and when. */
  class Sightings {
    readonly seen: string[] = [];
    private readonly waiting = new Map<string, () => void>();

    /** Notes each connection a node receives from the client (by the node's name). */
    watch(client: WaymarkClient, nodes: Record<string, TestNode>): void {
      for (const [name, node] of Object.entries(nodes)) {
        node.host.addEventListener("connection:open", (event) => {
          if (!event.detail.remotePeer.equals(client.host.peerId)) return;
          this.note(`${name} contacted`);
        });
      }
    }

    note(sighting: string): void {
      if (!this.seen.includes(sighting)) this.seen.push(sighting);
      this.waiting.get(sighting)?.();
    }

    /** Resolves once `sighting` is noted, or after CONTACT_WAIT_MS (the test then checks the order). */
    async until(sighting: string): Promise<void> {
      if (this.seen.includes(sighting)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CONTACT_WAIT_MS);
        this.waiting.set(sighting, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }

    /** Notes when a held answer reaches the client's side. */
    follow(hold: Hold, name: string): void {
      void hold.answered.then(() => {
        this.note(`${name} answered`);
      });
    }
  }

  it("pings a trusted record's node before verifyNodes answers, and selects only after it", async () => {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider, provide: false });
    await publish(provider, [node]);
    const client = await heldClient();
    const sightings = new Sightings();
    sightings.watch(client, { node });
    const verify = rpc.hold("verifyNodes");
    sightings.follow(verify, "verify");

    const selecting = client.select().then((selection) => {
      sightings.note("selected");
      return selection;
    });
    await verify.asked;
    await sightings.until("node contacted");
    verify.release();
    const { server } = await selecting;

    expect(server.peerId).toBe(node.peerId);
    expect(server.verdict).toBe("Trusted");
    expect(sightings.seen).toEqual(["node contacted", "verify answered", "selected"]);
  });

  it("contacts no node of a provider the user does not trust before verification", async () => {
    const trustedProvider = await network.addProvider();
    const otherProvider = await network.addProvider({ isDefault: false });
    const trusted = await network.startNode({ providerId: trustedProvider, provide: false });
    const excluded = await network.startNode({ providerId: trustedProvider, provide: false });
    const untrusted = await network.startNode({ providerId: otherProvider, provide: false });
    await publish(trustedProvider, [trusted, excluded]);
    await publish(otherProvider, [untrusted]);
    const client = await heldClient({
      discoveryQuorum: 1,
      probeStaggerMs: 0,
      trust: { providers: "default", excludeNodes: [excluded.node] },
    });
    const sightings = new Sightings();
    sightings.watch(client, { trusted, excluded, untrusted });
    const verify = rpc.hold("verifyNodes");
    sightings.follow(verify, "verify");

    const selecting = client.select();
    await verify.asked;
    await sightings.until("trusted contacted");
    // Whatever else was going to be contacted early has had the time the trusted node took.
    const early = [...sightings.seen];
    verify.release();
    const { server } = await selecting;

    expect(early).toEqual(["trusted contacted"]);
    expect(server.peerId).toBe(trusted.peerId);
    const known = new Map(client.pool.known.map((s) => [s.peerId, s]));
    expect(known.get(untrusted.peerId)?.verdict).toBe("ProviderNotTrusted");
    expect(known.get(excluded.peerId)?.verdict).toBe("ExcludedNode");
  });

  it("starts the first ping before it checks the records it did not draw", async () => {
    const provider = await network.addProvider();
    const nodes = [
      await network.startNode({ providerId: provider, provide: false }),
      await network.startNode({ providerId: provider, provide: false }),
      await network.startNode({ providerId: provider, provide: false }),
    ];
    await publish(provider, nodes);
    const client = await heldClient({ probeCount: 1 });
    const spans: TraceSpan[] = [];
    const listen = (span: unknown): void => {
      spans.push(span as TraceSpan);
    };
    subscribe(TRACE_CHANNEL, listen);
    try {
      const { server } = await client.select();
      expect(nodes.map((node) => node.peerId)).toContain(server.peerId);
    } finally {
      unsubscribe(TRACE_CHANNEL, listen);
    }
    const check = spans.find((span) => span.name === "discovery:check");
    const pings = spans.filter((span) => span.name === "probe:ping");
    expect(check?.detail).toEqual({ records: 3 });
    expect(pings).toHaveLength(1);
    expect(pings[0]?.startMs).toBeLessThan(check?.startMs ?? Number.NEGATIVE_INFINITY);
  });

  it("never contacts early a peer that a trusted provider's record names for another node", async () => {
    const trustedProvider = await network.addProvider();
    const otherProvider = await network.addProvider({ isDefault: false });
    const honest = await network.startNode({ providerId: trustedProvider, provide: false });
    const forged = await network.startNode({ providerId: trustedProvider, provide: false });
    const stranger = await network.startNode({ providerId: otherProvider, provide: false });
    await publish(trustedProvider, [honest]);
    // The record of one of its nodes names a peer of a provider the user does not trust (the
    // registry checks only lengths; the client library would refuse to publish it).
    const owner = await network.connectAs(network.ownerOf(trustedProvider));
    await (await owner.contract.setNodeBootstrap(forged.node, [stranger.multiaddr])).wait();
    const client = await heldClient({ discoveryQuorum: 1, probeStaggerMs: 0 });
    const sightings = new Sightings();
    sightings.watch(client, { honest, stranger });
    const verify = rpc.hold("verifyNodes");
    sightings.follow(verify, "verify");

    const selecting = client.select();
    await verify.asked;
    await sightings.until("honest contacted");
    const early = [...sightings.seen];
    verify.release();
    const { server } = await selecting;

    expect(early).toEqual(["honest contacted"]);
    expect(server.peerId).toBe(honest.peerId);
  });

  it("asks the chain twice before selecting: the connection with the first reads, then verifyNodes", async () => {
    const provider = await network.addProvider();
    const nodes = [
      await network.startNode({ providerId: provider }),
      await network.startNode({ providerId: provider }),
    ];
    await publish(provider, nodes);
    // No event poll before the selection: each request the client makes is one of its first reads.
    const client = await heldClient({ watchIntervalMs: 60_000 });
    await client.select();

    const registryInterface: Interface = REGISTRY_INTERFACE;
    const named = (request: RpcRequest): string => {
      if (request.method !== "eth_call") return request.method;
      const selector = callData(request).slice(0, 10);
      return registryInterface.getFunction(selector)?.name ?? selector;
    };
    expect(rpc.received.map((batch) => batch.map(named))).toEqual([
      ["eth_chainId", "eip712Domain", "eth_blockNumber", "getBootstrapRecords", "getProviders"],
      ["verifyNodes"],
    ]);
  });

  it("never selects a pinged node that verification rejects, and hangs up on it", async () => {
    const provider = await network.addProvider();
    const retired = await network.startNode({ providerId: provider, provide: false });
    const live = await network.startNode({ providerId: provider, provide: false });
    await publish(provider, [retired, live]);
    // The records say both nodes are active (read in the registry connection's first round trip,
    // as the client is created); by the time verification asks, one is retired.
    const records = rpc.hold("getBootstrapRecords");
    const verify = rpc.hold("verifyNodes");
    // Both are pinged at once, before the registry answers.
    const creating = heldClient({ discoveryQuorum: 2, probeStaggerMs: 0, discoveryQuorumWaitMs: 0 });
    await records.asked;
    await retireNode(await network.connectAs(network.ownerOf(provider)), retired.node);
    records.release();
    const client = await creating;
    const sightings = new Sightings();
    sightings.watch(client, { retired, live });
    sightings.follow(verify, "verify");

    const selecting = client.select();
    await verify.asked;
    await sightings.until("retired contacted");
    await sightings.until("live contacted");
    verify.release();
    const { server } = await selecting;

    expect(sightings.seen.indexOf("retired contacted")).toBeLessThan(
      sightings.seen.indexOf("verify answered"),
    );
    expect(server.peerId).toBe(live.peerId);
    expect(client.pool.known.find((s) => s.peerId === retired.peerId)?.trusted).toBe(false);
    // Contacted only because its provider is trusted: the connection is closed once it is rejected.
    expect(client.host.getConnections(retired.host.peerId)).toEqual([]);
    for (let i = 0; i < 5; i++) {
      expect((await client.select({ reselect: true })).server.peerId).toBe(live.peerId);
    }
  });
});
