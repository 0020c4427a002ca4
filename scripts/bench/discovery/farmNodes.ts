import { tmpdir } from "node:os";

import { privateKeyFromProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import { MemoryDatastore } from "datastore-core";
import type { CID } from "multiformats/cid";
import { pino } from "pino";
import { Registry } from "prom-client";

import { parseNodeConfig } from "../../../node/config/resolve.js";
import type { NodeConfig } from "../../../node/config/types.js";
import type { NodeHost } from "../../../node/host/createNodeHost.js";
import { createNodeHost } from "../../../node/host/createNodeHost.js";

/** Earlier nodes each new node dials to join the DHT. */
const JOIN_DIALS = 3;
/** Nodes of one process announcing at once. */
const ANNOUNCE_CONCURRENCY = 10;
/** Hosts started at once. */
const START_CONCURRENCY = 10;

/** A share of the farm's nodes, run in one process (the farm's own, or a worker). */
export class FarmNodes {
  readonly hosts: NodeHost[] = [];
  private readonly config: NodeConfig;

  /** @param listenAddress - The IPv4 address the hosts listen on. */
  constructor(listenAddress = "127.0.0.1") {
    this.config = farmNodeConfig(listenAddress);
  }

  /**
   * Starts one host per key as `waymark-node` starts its own (`createNodeHost`: DHT server mode,
   * the node's connection limits and handshake queue, its spread-out pings, libp2p logging to a
   * silent pino logger, libp2p's metrics in a registry of its own) on 127.0.0.1 with the node's
   * `loopback` settings (on the address given to the constructor); the mail service itself is not
   * mounted. A node's background work (pings,
   * DHT upkeep) then costs the farm what it costs real nodes.
   *
   * @param keys - Protobuf-encoded private keys, hex.
   * @returns Each host's first multiaddr (with `/p2p/`), in the keys' order.
   */
  async start(keys: readonly string[]): Promise<string[]> {
    for (let i = 0; i < keys.length; i += START_CONCURRENCY) {
      this.hosts.push(
        ...(await Promise.all(
          keys
            .slice(i, i + START_CONCURRENCY)
            .map(async (hex) => startNodeHost(this.config, privateKeyFromProtobuf(Buffer.from(hex, "hex")))),
        )),
      );
    }
    return this.hosts.map((host) => host.getMultiaddrs()[0]?.toString() ?? "");
  }

  /**
   * Each node joins through a few nodes started before it, as it would through bootstrap records.
   *
   * @param all - Every node of the farm's multiaddr, in order.
   * @param offset - Index in `all` of this share's first node.
   */
  async join(all: readonly string[], offset: number): Promise<void> {
    await Promise.all(
      this.hosts.map(async (host, local) => {
        const index = offset + local;
        for (let dial = 0; dial < Math.min(JOIN_DIALS, index); dial++) {
          const peer = all[Math.floor(Math.random() * index)];
          if (peer !== undefined) await host.dial(multiaddr(peer)).catch(() => undefined);
        }
      }),
    );
  }

  /**
   * Every node announces the key, as `waymark-node` does once its service is ready.
   *
   * @param key - The service key.
   */
  async announce(key: CID): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: ANNOUNCE_CONCURRENCY }, async () => {
        for (let host = this.hosts[next++]; host !== undefined; host = this.hosts[next++]) {
          for await (const _event of host.services.dht.provide(key)) {
            // The records are stored as the query runs.
          }
        }
      }),
    );
  }

  /** Stops every host. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.hosts.map(async (host) => host.stop()));
  }
}

/** Settings every farm node shares: the registry is never read (the mail service is not mounted). */
function farmNodeConfig(listenAddress: string): NodeConfig {
  return parseNodeConfig({
    registry: "0x0000000000000000000000000000000000000001",
    rpcUrl: "http://127.0.0.1:1",
    dataDir: tmpdir(),
    listen: [`/ip4/${listenAddress}/tcp/0`],
    loopback: true,
  });
}

async function startNodeHost(config: NodeConfig, privateKey: PrivateKey): Promise<NodeHost> {
  const { host } = await createNodeHost({
    config,
    privateKey,
    datastore: new MemoryDatastore(),
    metricsRegistry: new Registry(),
    dataDir: config.dataDir,
    services: {},
    logger: pino({ level: "silent" }),
  });
  return host;
}
