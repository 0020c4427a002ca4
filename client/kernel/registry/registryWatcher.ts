import { logger } from "@libp2p/logger";
import type { Log } from "ethers";

import { toRegistryError } from "./decodeError.js";
import type { RegistryClient } from "./connect.js";
import { readFreshBlock } from "./verifyNodes.js";

const log = logger("waymark:client:watcher");

/** Most blocks one `eth_getLogs` asks for; a longer gap triggers a full re-verification. */
const MAX_LOG_RANGE = 5_000;

/**
 * Registry events that can change whether a node verifies: revocations (suspensions, retirements,
 * a default mark removed) and their reversals.
 */
export const TRUST_EVENTS = [
  "ProviderApproved",
  "ProviderSuspended",
  "ProviderReinstated",
  "ProviderRetired",
  "ProviderDefaultSet",
  "NodeRegistered",
  "NodeRetired",
  "NodeSuspended",
  "NodeReinstated",
] as const;

/** One of {@link TRUST_EVENTS}. */
export type TrustEventName = (typeof TRUST_EVENTS)[number];

/** A decoded trust event. */
export interface TrustEvent {
  name: TrustEventName;
  args: readonly unknown[];
  blockNumber: number;
}

/** Options of {@link RegistryWatcher}. */
export interface RegistryWatcherInit {
  /** How often the event log is polled, in milliseconds. */
  intervalMs: number;
  /**
   * Called with the new events of one poll, in log order; the next poll waits for it. An empty list
   * means events may have been missed (a gap too long to scan): re-verify everything.
   */
  onEvents(events: TrustEvent[]): Promise<void>;
  /** Called when a poll reached the chain. */
  onReachable(): void;
  /** Called when a poll could not reach the chain, or found its latest block too old. */
  onUnreachable(error: Error): void;
  /**
   * When above 0, a latest block older than this counts as an unreachable chain (`StaleChainError`):
   * the endpoint lags. 0 turns the check off (one `eth_blockNumber` per poll).
   * @default 0
   */
  maxBlockAgeMs?: number | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/**
 * Polls the registry's event log for {@link TRUST_EVENTS} (`eth_blockNumber`, then `eth_getLogs`
 * over the new blocks) so that a client drops a revoked node within one interval, also while it is
 * connected to it. After an outage it catches up from the last block it saw, so no event is lost.
 */
export class RegistryWatcher {
  private readonly topics: string[];
  private lastBlock: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> | undefined;

  /**
   * @param registry - The registry connection.
   * @param init - Interval and callbacks.
   */
  constructor(
    private readonly registry: RegistryClient,
    private readonly init: RegistryWatcherInit,
  ) {
    const contract = registry.contract;
    this.topics = TRUST_EVENTS.map((name) => contract.interface.getEvent(name).topicHash);
  }

  /** Starts watching from the current block. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.lastBlock = await this.head();
      this.init.onReachable();
    } catch (err) {
      this.init.onUnreachable(toRegistryError(err, this.registry.rpcUrl));
    }
    this.schedule();
  }

  /** Stops watching and waits for a poll in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling;
  }

  /**
   * Polls once now (also between scheduled polls). Never rejects: failures go to the callbacks.
   *
   * @returns When the poll and its callbacks are done.
   */
  async poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** The latest block's number; with `maxBlockAgeMs`, only when that block is recent enough. */
  private async head(): Promise<number> {
    const maxBlockAgeMs = this.init.maxBlockAgeMs ?? 0;
    if (maxBlockAgeMs <= 0) return this.registry.provider.getBlockNumber();
    return (await readFreshBlock(this.registry, { maxBlockAgeMs, now: this.init.now })).number;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.poll().finally(() => {
        this.schedule();
      });
    }, this.init.intervalMs);
    this.timer.unref();
  }

  private async pollOnce(): Promise<void> {
    let logs: Log[];
    let latest: number;
    let gap: boolean;
    try {
      latest = await this.head();
      const fromBlock = (this.lastBlock ?? latest - 1) + 1;
      // After a long outage the range may exceed what RPC providers serve; skip the logs and
      // re-verify everything instead.
      gap = latest - fromBlock >= MAX_LOG_RANGE;
      logs =
        fromBlock > latest || gap
          ? []
          : await this.registry.provider.getLogs({
              address: this.registry.address,
              topics: [this.topics],
              fromBlock,
              toBlock: latest,
            });
    } catch (err) {
      this.init.onUnreachable(toRegistryError(err, this.registry.rpcUrl));
      return;
    }
    this.init.onReachable();
    this.lastBlock = latest;
    const events = logs.flatMap((entry): TrustEvent[] => {
      try {
        const parsed = this.registry.contract.interface.parseLog(entry);
        if (parsed === null) return [];
        return [
          { name: parsed.name as TrustEventName, args: [...parsed.args], blockNumber: entry.blockNumber },
        ];
      } catch {
        return [];
      }
    });
    if ((events.length === 0 && !gap) || !this.running) return;
    try {
      await this.init.onEvents(events);
    } catch (err) {
      log.error("applying registry events failed: %e", err);
    }
  }
}
