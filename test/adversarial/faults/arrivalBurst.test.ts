import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p } from "@libp2p/interface";
import type { Ping } from "@libp2p/ping";
import { ping } from "@libp2p/ping";
import { tcp } from "@libp2p/tcp";
import { createLibp2p } from "libp2p";
import { afterEach, describe, expect, it } from "vitest";

import { startNode } from "../../../node/daemon.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../../node/helpers/fixtures.js";

/** Clients arriving at once, against two handshakes at a time. */
const ARRIVALS = 40;
const HANDSHAKES_AT_ONCE = 2;

describe("a burst of arrivals at a node with few handshake slots", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();
  const clients: Libp2p<{ ping: Ping }>[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.stop()));
  });

  it("queues the arrivals beyond the handshake limit: every client connects and is answered, none is refused", async () => {
    // Not the loopback preset: 127.0.0.1 is not allow-listed, so the pending-connection limit
    // applies to these clients as to any on a network. The per-host rate is lifted because they
    // all share 127.0.0.1.
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        loopback: false,
        connectionAllow: [],
        inboundConnectionThreshold: 10_000,
        maxIncomingPendingConnections: HANDSHAKES_AT_ONCE,
        registryBootstrap: false,
      }),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.add(node);
    const address = node.libp2p.getMultiaddrs()[0];
    if (address === undefined) throw new Error("the node has no address");

    for (let i = 0; i < ARRIVALS; i++) {
      clients.push(
        await createLibp2p({
          addresses: { listen: [] },
          transports: [tcp()],
          connectionEncrypters: [noise()],
          streamMuxers: [yamux()],
          services: { ping: ping() },
          // Long enough that the node, not the client, decides how long an arrival may wait.
          connectionManager: { dialTimeout: 60_000, addressDialTimeout: 60_000 },
          connectionMonitor: { enabled: false },
        }),
      );
    }
    // Every client dials at the same moment.
    const dials = await Promise.allSettled(clients.map(async (client) => client.dial(address)));
    const failed = dials.flatMap((dial) => (dial.status === "rejected" ? [dial.reason as Error] : []));
    const rtts = await Promise.allSettled(clients.map(async (client) => client.services.ping.ping(address)));
    const answered = rtts.filter((rtt) => rtt.status === "fulfilled").length;

    console.log(
      `arrival burst: ${ARRIVALS} clients dialled at once a node with ${HANDSHAKES_AT_ONCE} handshakes at a time: ` +
        `${ARRIVALS - failed.length} connected, ${failed.length} failed` +
        `${failed[0] === undefined ? "" : ` (first: ${failed[0].name}: ${failed[0].message})`}, ${answered} answered a ping; ` +
        `the node holds ${node.libp2p.getConnections().length} connections`,
    );
    expect(failed.map((err) => `${err.name}: ${err.message}`)).toEqual([]);
    expect(answered).toBe(ARRIVALS);
    expect(node.libp2p.getConnections()).toHaveLength(ARRIVALS);
  });
});
