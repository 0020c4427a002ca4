import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import type { Libp2p } from "@libp2p/interface";
import type { Ping } from "@libp2p/ping";
import { ping } from "@libp2p/ping";
import { tcp } from "@libp2p/tcp";
import type { Multiaddr } from "@multiformats/multiaddr";
import { createLibp2p } from "libp2p";
import { afterEach } from "vitest";

import type { NodeConfigInput } from "../../../node/config/types.js";
import type { WaymarkNode } from "../../../node/daemon.js";
import { startNode } from "../../../node/daemon.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../../node/helpers/fixtures.js";

/** Clients arriving at once. */
export const ARRIVALS = 40;
/** Handshakes the node runs at a time. */
export const HANDSHAKES_AT_ONCE = 2;

/** One burst: the node, its address, the clients and the dials that failed. */
export interface ArrivalBurst {
  readonly node: WaymarkNode;
  readonly address: Multiaddr;
  /** The {@link ARRIVALS} clients, each with the ping service. */
  readonly clients: readonly Libp2p<{ ping: Ping }>[];
  readonly failed: Error[];
}

/**
 * Bursts of arrivals for a file's tests: a registry world, and after each test the node and the
 * clients stopped and the node's folder removed.
 *
 * @returns Starts a node with {@link HANDSHAKES_AT_ONCE} handshake slots (and `overrides`), then
 *   dials it from {@link ARRIVALS} clients at the same moment.
 */
export function useArrivalBurst(): (overrides?: NodeConfigInput) => Promise<ArrivalBurst> {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();
  const clients: Libp2p<{ ping: Ping }>[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(async (client) => client.stop()));
  });
  return async (overrides = {}) => {
    // Not the loopback preset: 127.0.0.1 is not allow-listed, so the pending-connection limit and
    // the queue apply to these clients as to any on a network. The per-host rate is lifted because
    // they all share 127.0.0.1.
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        loopback: false,
        connectionAllow: [],
        inboundConnectionThreshold: 10_000,
        maxIncomingPendingConnections: HANDSHAKES_AT_ONCE,
        registryBootstrap: false,
        ...overrides,
      }),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.add(node);
    const address = node.libp2p.getMultiaddrs()[0];
    if (address === undefined) throw new Error("the node has no address");
    const burst: Libp2p<{ ping: Ping }>[] = [];
    for (let i = 0; i < ARRIVALS; i++) {
      const client = await createLibp2p({
        addresses: { listen: [] },
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        services: { ping: ping() },
        // Long enough that the node, not the client, decides how long an arrival may wait.
        connectionManager: { dialTimeout: 60_000, addressDialTimeout: 60_000 },
        connectionMonitor: { enabled: false },
      });
      clients.push(client);
      burst.push(client);
    }
    // Every client dials at the same moment.
    const dials = await Promise.allSettled(burst.map(async (client) => client.dial(address)));
    const failed = dials.flatMap((dial) => (dial.status === "rejected" ? [dial.reason as Error] : []));
    return { node, address, clients: burst, failed };
  };
}
