import type { Server } from "node:net";
import { createServer } from "node:net";

import { privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import type { CID } from "multiformats/cid";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { NetworkNamespace, networkNamespacesAvailable } from "../../kit/networkNamespace.js";
import { FarmWorkerProcess } from "./farmWorkerProcess.js";

/** How the node is cut off from the others and from clients. */
export type Partition = "network namespace" | "blackhole on 127.0.0.1";

/** A registered node that runs, joins the DHT and announces the service, and is then cut off. */
export interface CutOffNode {
  readonly partition: Partition;
  /** What its bootstrap record publishes. */
  readonly bootstrap: readonly string[];
  /**
   * Announces the service key in the DHT, then cuts the node off: from then on, a dial to any
   * address of it hangs rather than being refused.
   */
  announceAndCut(key: CID): Promise<void>;
  /** Stops the node and removes what cutting it off made. */
  close(): Promise<void>;
}

/**
 * Starts the node that the partitioned case cuts off, connected to the other nodes.
 *
 * Where this process may make network namespaces (root, iproute2), the node is a farm worker
 * process in a namespace of its own, listening on its end of a veth pair; the others dial it there,
 * and it announces the service as they do. Cutting it off takes its end of the link down, so that
 * every packet to it, from the others' open connections as from a client's new dial, is lost, as
 * across a partition. Elsewhere, a stand-in: a host on 127.0.0.1 that announces the service and is
 * stopped, whose bootstrap record leads to a listener that accepts and never speaks (dials through
 * the DHT's record of it are refused at once).
 *
 * @param privateKey - The node's key.
 * @param others - The reachable nodes' hosts, which connect to it.
 * @returns The node, not yet cut off.
 */
export async function startCutOffNode(
  privateKey: PrivateKey,
  others: readonly Libp2p[],
): Promise<CutOffNode> {
  return (await networkNamespacesAvailable())
    ? namespacedNode(privateKey, others)
    : blackholedNode(privateKey, others);
}

async function namespacedNode(privateKey: PrivateKey, others: readonly Libp2p[]): Promise<CutOffNode> {
  const space = await NetworkNamespace.create("discovery");
  const worker = new FarmWorkerProcess({ namespace: space, listenAddress: space.address });
  const close = async (): Promise<void> => {
    // Healed first, so that stopping the hosts does not wait on connections that cannot answer.
    await space.heal().catch(() => undefined);
    await worker.stop();
    await space.delete();
  };
  try {
    const bootstrap = await worker.start([Buffer.from(privateKeyToProtobuf(privateKey)).toString("hex")]);
    for (const other of others) await other.dial(multiaddr(bootstrap[0] ?? ""));
    return {
      partition: "network namespace",
      bootstrap,
      async announceAndCut(key) {
        await worker.announce(key);
        await space.cut();
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function blackholedNode(privateKey: PrivateKey, others: readonly Libp2p[]): Promise<CutOffNode> {
  const hole = await blackhole();
  const host = await createWaymarkHost({
    privateKey,
    dhtClientMode: false,
    connectionManager: LOOPBACK_CONNECTION_SETTINGS,
  });
  for (const other of others) await host.dial(other.getMultiaddrs());
  const peerId = peerIdFromPrivateKey(privateKey).toString();
  return {
    partition: "blackhole on 127.0.0.1",
    bootstrap: [`/ip4/127.0.0.1/tcp/${hole.port}/p2p/${peerId}`],
    async announceAndCut(key) {
      for await (const _event of host.services.dht.provide(key)) {
        // Announcing happens as the query runs.
      }
      await host.stop();
    },
    async close() {
      await host.stop();
      hole.close();
    },
  };
}

/** A listener on 127.0.0.1 that accepts connections and never answers. */
async function blackhole(): Promise<{ port: number; close(): void }> {
  const server: Server = createServer((socket) => socket.on("error", () => undefined));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close() {
      server.close();
    },
  };
}
