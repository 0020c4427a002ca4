import type { AbortOptions } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { multiaddr } from "@multiformats/multiaddr";
import type { Logger } from "pino";

import { errorFields } from "../logging/errorFields.js";
import type { NodeHost } from "./createNodeHost.js";

/** What one bootstrap round did. */
export interface BootstrapResult {
  /** Bootstrap peers known (self excluded). */
  peers: number;
  /** Of those, how many are connected after the round. */
  connected: number;
  /** Where the addresses came from. */
  fromConfig: number;
  fromRegistry: number;
}

/** Options of {@link Bootstrapper}. */
export interface BootstrapperInit {
  host: NodeHost;
  /** Bootstrap multiaddrs from the configuration. */
  configured: readonly string[];
  /**
   * Reads the registry's bootstrap multiaddrs for the service; absent when registry bootstrap is
   * off. Returns undefined while the chain does not answer.
   */
  readRegistry?: ((options: AbortOptions) => Promise<string[] | undefined>) | undefined;
  /** Milliseconds between checks for isolation. */
  interval: number;
  logger: Logger;
}

/**
 * Joins the DHT through bootstrap peers from the configuration and from the registry's bootstrap
 * records, so a node needs nothing hard-coded but the RPC URL and the registry address. While the
 * node has no connection at all it tries again every `interval`.
 */
export class Bootstrapper {
  private readonly init: BootstrapperInit;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<BootstrapResult> | undefined;
  private readonly controller = new AbortController();

  /** @param init - Host, sources, interval and logger. */
  constructor(init: BootstrapperInit) {
    this.init = init;
  }

  /** Bootstraps now, then watches for isolation until {@link stop}. */
  start(): void {
    void this.bootstrap().catch(() => undefined);
    this.timer = setInterval(() => {
      if (this.init.host.getConnections().length === 0) void this.bootstrap().catch(() => undefined);
    }, this.init.interval);
    this.timer.unref();
  }

  /** Stops watching and aborts a round in progress. */
  stop(): void {
    clearInterval(this.timer);
    this.controller.abort();
  }

  /**
   * Dials every bootstrap peer not yet connected (concurrent callers share the round).
   *
   * @returns What the round did.
   */
  async bootstrap(): Promise<BootstrapResult> {
    this.round ??= this.run().finally(() => (this.round = undefined));
    return this.round;
  }

  private async run(): Promise<BootstrapResult> {
    const { host, logger } = this.init;
    const signal = this.controller.signal;
    let fromRegistry: string[] = [];
    if (this.init.readRegistry !== undefined) {
      try {
        fromRegistry = (await this.init.readRegistry({ signal })) ?? [];
      } catch (err) {
        logger.warn(errorFields(err), "cannot read the registry's bootstrap records");
      }
    }
    const peers = groupByPeer([...this.init.configured, ...fromRegistry], host.peerId.toString(), logger);
    await Promise.all(
      [...peers].map(async ([peerId, addrs]) => {
        if (host.getConnections().some((connection) => connection.remotePeer.toString() === peerId)) return;
        try {
          await host.dial(addrs, { signal });
          logger.debug({ peerId }, "connected to a bootstrap peer");
        } catch (err) {
          logger.debug({ err, peerId }, "cannot reach a bootstrap peer");
        }
      }),
    );
    const connectedPeers = new Set(
      host.getConnections().map((connection) => connection.remotePeer.toString()),
    );
    const result: BootstrapResult = {
      peers: peers.size,
      connected: [...peers.keys()].filter((peerId) => connectedPeers.has(peerId)).length,
      fromConfig: this.init.configured.length,
      fromRegistry: fromRegistry.length,
    };
    if (result.peers === 0) {
      logger.warn(result, "no bootstrap peers: the node waits for others to dial it");
    } else if (result.connected === 0) {
      logger.warn(result, "no bootstrap peer answered; trying again while the node has no connection");
    } else {
      logger.info(result, "bootstrapped");
    }
    return result;
  }
}

function groupByPeer(addresses: readonly string[], self: string, logger: Logger): Map<string, Multiaddr[]> {
  const peers = new Map<string, Multiaddr[]>();
  for (const text of addresses) {
    try {
      const addr = multiaddr(text);
      const peerId = addr.getComponents().findLast((component) => component.name === "p2p")?.value;
      if (peerId === undefined) throw new Error("no /p2p/<peer id>");
      if (peerId === self) continue;
      peers.set(peerId, [...(peers.get(peerId) ?? []), addr]);
    } catch (err) {
      logger.warn({ err, multiaddr: text }, "ignoring a malformed bootstrap address");
    }
  }
  return peers;
}
