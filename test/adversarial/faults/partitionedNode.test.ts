import type { Server, Socket } from "node:net";
import { createServer } from "node:net";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setNodeBootstrap } from "../../../client/actions/registry/nodes.js";
import type { TestNode } from "../../client/network.js";
import { TestNetwork } from "../../client/network.js";

/**
 * A TCP listener on 127.0.0.1 that accepts connections and never speaks: a dial to it hangs (as
 * across a network partition) rather than being refused. It counts the connections it accepted
 * (each is a dial towards the partition).
 */
class Blackhole {
  accepted = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<Blackhole> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const blackhole = new Blackhole(server, (server.address() as { port: number }).port);
    server.on("connection", (socket) => {
      blackhole.accepted++;
      blackhole.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => blackhole.sockets.delete(socket));
    });
    return blackhole;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}

describe("one registered node cut off by a partition", () => {
  let network: TestNetwork;
  let blackhole: Blackhole;
  let reachable: TestNode[];
  let cutOff: TestNode;

  beforeEach(async () => {
    network = await TestNetwork.start();
    blackhole = await Blackhole.start();
    const provider = await network.addProvider();
    reachable = [
      await network.startNode({ providerId: provider }),
      await network.startNode({ providerId: provider }),
    ];
    cutOff = await network.startNode({ providerId: provider });
    const owner = await network.connectAs(network.ownerOf(provider));
    for (const node of reachable) await setNodeBootstrap(owner, node.node, [node.multiaddr]);
    // The cut-off node's record leads into the partition: its dials hang, never refused.
    await setNodeBootstrap(owner, cutOff.node, [`/ip4/127.0.0.1/tcp/${blackhole.port}/p2p/${cutOff.peerId}`]);
    await cutOff.host.stop();
  });
  afterEach(async () => {
    await network.stop();
    await blackhole.stop();
  });

  /** Selects with a fresh client and says what was in flight towards the cut-off node then. */
  async function selectAndObserve(
    options: { customServers?: string[] } = {},
  ): Promise<{ peerId: string; dialledAtSelection: number; pendingAtSelection: number; ms: number }> {
    // Only the registry's records (and custom servers) lead into the network, as for a CLI user.
    // Every candidate is pinged at once, so that a ping into the partition is always under way
    // (staggered, a fast answer from a reachable node would leave the cut-off one unpinged).
    const client = await network.createClient({ bootstrap: [], probeStaggerMs: 0, ...options });
    let dialledAtSelection = -1;
    let pendingAtSelection = -1;
    client.addEventListener("server:selected", () => {
      dialledAtSelection = blackhole.accepted;
      pendingAtSelection = client.host
        .getDialQueue()
        .filter((dial) => dial.peerId?.toString() === cutOff.peerId).length;
    });
    const started = performance.now();
    const { server } = await client.select();
    return { peerId: server.peerId, dialledAtSelection, pendingAtSelection, ms: performance.now() - started };
  }

  it("selects a reachable registry node without waiting for a dial into the partition to end", async () => {
    const seen = await selectAndObserve();
    console.log(
      `partitioned node (3 registered, 1 blackholed, quorum 5): registry selection in ${seen.ms.toFixed(0)} ms, ` +
        `${seen.dialledAtSelection} connection(s) into the partition made and ${seen.pendingAtSelection} dial(s) to the cut-off node still pending then`,
    );

    expect(reachable.map((n) => n.peerId)).toContain(seen.peerId);
    // Every dial into the partition was still pending when the client selected: the selection did
    // not wait for a dial to the cut-off node to time out. (Its candidates were probed, so one began.)
    expect(seen.pendingAtSelection).toBeGreaterThan(0);
    expect(seen.dialledAtSelection).toBeLessThanOrEqual(seen.pendingAtSelection);
  });

  it("selects a reachable custom server without waiting for a dial into the partition to end", async () => {
    const seen = await selectAndObserve({ customServers: [reachable[0]!.multiaddr] });
    console.log(
      `partitioned node (3 registered, 1 blackholed, quorum 5): custom-server selection in ${seen.ms.toFixed(0)} ms, ` +
        `${seen.dialledAtSelection} connection(s) into the partition made and ${seen.pendingAtSelection} dial(s) to the cut-off node still pending then`,
    );

    expect(seen.peerId).toBe(reachable[0]!.peerId);
    // No dial into the partition had ended (timed out) when the client selected.
    expect(seen.dialledAtSelection).toBeLessThanOrEqual(seen.pendingAtSelection);
  });
});
