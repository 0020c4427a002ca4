import type { AbortOptions } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { multiaddr } from "@multiformats/multiaddr";
import type { Logger } from "pino";

import { sample } from "../../client/kernel/random/sample.js";
import { errorFields } from "../logging/errorFields.js";
import type { NodeHost } from "./createNodeHost.js";

/** First wait before trying the bootstrap peers again while the node has no connection. */
export const FIRST_RETRY_MS = 1_000;

/**
 * Registry bootstrap peers dialled per round at most, chosen at random: the records of every
 * active provider are public and any provider may publish many, so a round costs the same
 * whatever they hold (configured peers, the operator's own choice, are always dialled).
 */
export const REGISTRY_DIALS = 8;

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
  /** Longest wait, in milliseconds, between attempts while the node has no connection. */
  interval: number;
  logger: Logger;
}

/**
 * Joins the DHT through bootstrap peers from the configuration and from the registry's bootstrap
 * records, so a node needs nothing hard-coded but the RPC URL and the registry address. While the
 * node has no connection at all it tries again, first after {@link FIRST_RETRY_MS} and then twice as
 * long each time, up to `interval` (nodes that start together find each other within seconds; an
 * isolated node does not hammer its peers).
 */
export class Bootstrapper {
  private readonly init: BootstrapperInit;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<BootstrapResult> | undefined;
  private readonly controller = new AbortController();
  private retryDelay = FIRST_RETRY_MS;
  /** The outcome logged last, so that a repeated one goes to the debug level, not on every retry. */
  private lastOutcome: string | undefined;

  /** @param init - Host, sources, interval and logger. */
  constructor(init: BootstrapperInit) {
    this.init = init;
  }

  /** Bootstraps now, then watches for isolation until {@link stop}. */
  start(): void {
    void this.attempt(true);
  }

  /** Stops watching and aborts a round in progress. */
  stop(): void {
    clearTimeout(this.timer);
    this.controller.abort();
  }

  /** One attempt (only while isolated, unless forced), then the next check at the right delay. */
  private async attempt(force: boolean): Promise<void> {
    const stopped = (): boolean => this.controller.signal.aborted;
    const isolated = (): boolean => this.init.host.getConnections().length === 0;
    if (stopped()) return;
    if (force || isolated()) await this.bootstrap().catch(() => undefined);
    if (stopped()) return;
    let delay = this.init.interval;
    if (isolated()) {
      delay = Math.min(this.retryDelay, this.init.interval);
      this.retryDelay = Math.min(this.retryDelay * 2, this.init.interval);
    } else {
      this.retryDelay = FIRST_RETRY_MS;
    }
    this.timer = setTimeout(() => void this.attempt(false), delay);
    this.timer.unref();
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
    const self = host.peerId.toString();
    const configured = groupByPeer(this.init.configured, self, logger);
    const published = groupByPeer(fromRegistry, self, logger);
    for (const peerId of configured.keys()) published.delete(peerId);
    const peers = new Map([...configured, ...sample([...published], REGISTRY_DIALS, Math.random)]);
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
    this.log(result, fromRegistry.length > 0 && published.size === 0 && configured.size === 0);
    return result;
  }

  /** Logs a round's outcome; the same outcome again (an isolated node retrying) at the debug level. */
  private log(result: BootstrapResult, onlyOwnRecords: boolean): void {
    const { logger } = this.init;
    const outcome = result.peers === 0 ? "none" : result.connected === 0 ? "unanswered" : "bootstrapped";
    const repeated = outcome === this.lastOutcome && outcome !== "bootstrapped";
    this.lastOutcome = outcome;
    if (repeated) {
      logger.debug(result, "still no bootstrap peer connected");
    } else if (outcome === "none" && onlyOwnRecords) {
      // The first node of a registry: its own record is the way in for the others.
      logger.info(
        result,
        "the registry's only bootstrap records are this node's own: it waits for others to dial it",
      );
    } else if (outcome === "none") {
      logger.warn(result, "no bootstrap peers: the node waits for others to dial it");
    } else if (outcome === "unanswered") {
      logger.warn(result, "no bootstrap peer answered; trying again while the node has no connection");
    } else {
      logger.info(result, "bootstrapped");
    }
  }
}

function groupByPeer(addresses: readonly string[], self: string, logger: Logger): Map<string, Multiaddr[]> {
  const peers = new Map<string, Multiaddr[]>();
  const malformed: string[] = [];
  for (const text of addresses) {
    try {
      const addr = multiaddr(text);
      const peerId = addr.getComponents().findLast((component) => component.name === "p2p")?.value;
      if (peerId === undefined) throw new Error("no /p2p/<peer id>");
      if (peerId === self) continue;
      peers.set(peerId, [...(peers.get(peerId) ?? []), addr]);
    } catch {
      malformed.push(text);
    }
  }
  if (malformed.length > 0) {
    logger.warn(
      { malformed: malformed.length, example: malformed[0]?.slice(0, 64) },
      "ignoring malformed bootstrap addresses",
    );
  }
  return peers;
}
