import { privateKeyFromProtobuf } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import type { CID } from "multiformats/cid";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";

/** Earlier nodes each new node dials to join the DHT. */
const JOIN_DIALS = 3;
/** Nodes of one process announcing at once. */
const ANNOUNCE_CONCURRENCY = 10;
/** Hosts started at once. */
const START_CONCURRENCY = 10;
/** How often libp2p's connection monitor pings each connection of a host: its default, 10 s. */
const CONNECTION_PING_INTERVAL_MS = 10_000;
/**
 * How much longer each further host's ping interval is. Every host pings all its connections at
 * once each interval; hosts started together, with one interval, would do so together (and after a
 * stall, which re-arms every overdue timer at the same moment, again), and a process holding
 * dozens of them would answer nothing else while their round of pings lasts. Spread this way, the
 * rounds drift apart as independent nodes' do.
 */
const CONNECTION_PING_SPREAD_MS = 37;

/** A share of the farm's nodes, run in one process (the farm's own, or a worker). */
export class FarmNodes {
  readonly hosts: Libp2p<BaseServices>[] = [];

  /**
   * Starts one host per key, in DHT server mode on 127.0.0.1.
   *
   * @param keys - Protobuf-encoded private keys, hex.
   * @returns Each host's first multiaddr (with `/p2p/`), in the keys' order.
   */
  async start(keys: readonly string[]): Promise<string[]> {
    for (let i = 0; i < keys.length; i += START_CONCURRENCY) {
      this.hosts.push(
        ...(await Promise.all(
          keys.slice(i, i + START_CONCURRENCY).map(async (hex, j) =>
            createWaymarkHost({
              privateKey: privateKeyFromProtobuf(Buffer.from(hex, "hex")),
              dhtClientMode: false,
              connectionManager: { ...LOOPBACK_CONNECTION_SETTINGS, maxConnections: 2_000 },
              connectionMonitor: {
                pingIntervalMs: CONNECTION_PING_INTERVAL_MS + (i + j) * CONNECTION_PING_SPREAD_MS,
              },
            }),
          ),
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
