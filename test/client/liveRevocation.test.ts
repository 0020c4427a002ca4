import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { suspendNode } from "../../client/actions/registry/curation.js";
import type { WaymarkClientEvents } from "../../client/events.js";
import { nextEvent } from "../helpers/clientEvents.js";
import { NoSubscriptionRpc } from "../helpers/noSubscriptionRpc.js";
import { TcpProxy } from "../helpers/tcpProxy.js";
import { TestNetwork } from "./network.js";

type Watching = WaymarkClientEvents["registry:watching"];

/** Resolves once the client's registry events arrive by subscription. */
async function subscribed(client: WaymarkClient): Promise<void> {
  while (client.watchMode !== "subscribed") await nextEvent(client, "registry:watching");
}

/** Records the client's watch modes, in order. */
function recordModes(client: WaymarkClient): Watching[] {
  const modes: Watching[] = [];
  client.addEventListener("registry:watching", (event) => modes.push(event.detail));
  return modes;
}

describe("revocation by subscription", () => {
  let network: TestNetwork;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    // Clients first: an open WebSocket keeps the chain's server from closing.
    await Promise.all(network.clients.splice(0).map(async (client) => client.stop()));
    for (const close of closers.splice(0)) await close();
    await network.stop();
  });

  /** The chain's WebSocket URL (Hardhat serves it on the HTTP port). */
  const wsUrl = (): string => network.chain.rpcUrl.replace(/^http/, "ws");

  it("drops a suspended node as soon as its block is announced, with polling too slow to see it", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    // A poll every minute: within the test, only the subscription can bring the suspension.
    const client = await network.createClient({ rpcUrl: wsUrl(), watchIntervalMs: 60_000 });
    await subscribed(client);
    const first = await client.select();

    const revoked = nextEvent(client, "server:revoked");
    const sentAt = Date.now();
    await suspendNode(network.curator, first.server.node!, 0);
    const event = await revoked;
    const ms = Date.now() - sentAt;

    expect(event.server.peerId).toBe(first.server.peerId);
    expect(event.verdict).toBe("NodeSuspended");
    expect(event.wasSelected).toBe(true);
    expect(client.watchMode).toBe("subscribed");
    console.log(`subscription: suspension sent to server:revoked in ${ms} ms (polling every 60 s)`);
  });

  it("reconnects after the socket is cut and catches up on a suspension mined during the gap", async () => {
    const provider = await network.addProvider();
    const doomed = await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    const proxy = await TcpProxy.start(Number(new URL(network.chain.rpcUrl).port));
    closers.push(async () => proxy.stop());
    const client = await network.createClient({
      rpcUrl: `ws://127.0.0.1:${proxy.port}`,
      watchIntervalMs: 60_000,
      rpcTimeoutMs: 2_000,
    });
    await subscribed(client);
    await client.select();
    const modes = recordModes(client);
    const revocations: string[] = [];
    client.addEventListener("server:revoked", (event) => revocations.push(event.detail.server.peerId));

    proxy.cut();
    const down = await nextEvent(client, "registry:watching");
    expect(down.mode).toBe("polling");
    expect(down.reason?.name).toBe("RpcUnreachableError");
    // Mined while the client cannot hear of it.
    await suspendNode(network.curator, doomed.node, 0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(revocations).toEqual([]);

    const revoked = nextEvent(client, "server:revoked");
    const restoredAt = Date.now();
    proxy.restore();
    const event = await revoked;
    const ms = Date.now() - restoredAt;

    expect(event.server.peerId).toBe(doomed.peerId);
    expect(event.verdict).toBe("NodeSuspended");
    expect(client.watchMode).toBe("subscribed");
    expect(modes.map((mode) => mode.mode)).toEqual(["polling", "subscribed"]);
    console.log(
      `reconnect: suspension mined during a 1.5 s cut; server:revoked ${ms} ms after the socket was restored (polling every 60 s)`,
    );
  });

  it("polls when the endpoint refuses eth_subscribe, and asks only once", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider });
    await network.startNode({ providerId: provider });
    const rpc = await NoSubscriptionRpc.start(network.chain.rpcUrl);
    closers.push(async () => rpc.stop());
    const client = await network.createClient({ rpcUrl: rpc.wsUrl, watchIntervalMs: 200 });
    const mode = await nextEvent(client, "registry:watching");
    expect(mode.mode).toBe("polling");
    expect(mode.reason?.name).toBe("SubscriptionRefusedError");
    const first = await client.select();

    const revoked = nextEvent(client, "server:revoked");
    await suspendNode(network.curator, first.server.node!, 0);
    const event = await revoked;

    expect(event.verdict).toBe("NodeSuspended");
    expect(client.watchMode).toBe("polling");
    expect(rpc.socketRequests).toBe(1);
    console.log(
      `refused: ${rpc.socketRequests} eth_subscribe refused, suspension seen by polling every 200 ms`,
    );
  });
});
