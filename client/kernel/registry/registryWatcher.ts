import { logger } from "@libp2p/logger";

import { toRegistryError } from "./decodeError.js";
import type { RegistryClient } from "./connect.js";
import type { RawLog } from "./registrySubscription.js";
import type { RpcRequest } from "./rpcProvider.js";
import { RegistrySubscription } from "./registrySubscription.js";
import { readFreshBlock } from "./verifyNodes.js";

const log = logger("waymark:client:watcher");

/**
 * The JSON-RPC request a watcher starts with (its head block), when it reads only the block's
 * number (`maxBlockAgeMs` 0): to be sent ahead, in the registry connection's first round trip (see
 * `connectRegistry`'s `prefetch`), so that the first verification, which waits for it, does not
 * wait for a round trip of its own. Undefined when the watcher reads the whole block: its age is
 * then checked against the clock, and an answer read ahead would be older than the chain's.
 *
 * @param maxBlockAgeMs - The watcher's `maxBlockAgeMs`.
 * @returns The request, or undefined.
 */
export function watcherStartRequest(maxBlockAgeMs: number | undefined): RpcRequest | undefined {
  return (maxBlockAgeMs ?? 0) > 0 ? undefined : { method: "eth_blockNumber", params: [] };
}

/** The defaults of the watcher's bounds and subscription timing ({@link RegistryWatcherInit}). */
export const WATCHER_DEFAULTS = {
  subscribe: true,
  subscribedCheckMs: 30_000,
  reconnectBaseMs: 500,
  reconnectMaxMs: 30_000,
  pageBlocks: 1_000,
  maxCatchUpBlocks: 10_000,
  maxLogs: 1_000,
  rememberedLogs: 1_024,
  socketTimeoutMs: 10_000,
} as const;

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

/** How the watcher learns of registry events. */
export type WatchMode = "polling" | "subscribed";

/** Options of {@link RegistryWatcher}. */
export interface RegistryWatcherInit {
  /** How often the event log is polled while no subscription stands, in milliseconds. */
  intervalMs: number;
  /**
   * Called with new events, in log order; the next batch waits for it. An empty list means events
   * may have been missed (a gap too long to scan, too many logs): re-verify everything.
   */
  onEvents(events: TrustEvent[]): Promise<void>;
  /** Called when a poll or a new block showed the chain reachable. */
  onReachable(): void;
  /** Called when a poll could not reach the chain, or found its latest block too old. */
  onUnreachable(error: Error): void;
  /**
   * Called when the watcher starts or stops receiving events by subscription, with the reason
   * when it stops (`RpcUnreachableError` while it reconnects, `SubscriptionRefusedError` for good).
   */
  onMode?: ((mode: WatchMode, reason?: Error) => void) | undefined;
  /**
   * Subscribe to the registry's logs and new heads when the connection has a WebSocket URL
   * (`eventsUrl`), so a revocation is seen within one block; polling stays the fallback.
   * @default true
   */
  subscribe?: boolean | undefined;
  /**
   * While subscribed, how often the event log is still polled (it catches what a stalled socket
   * missed and checks the chain's head), in milliseconds.
   * @default 30000
   */
  subscribedCheckMs?: number | undefined;
  /** First wait before resubscribing after the socket is lost, doubled on each failure. @default 500 */
  reconnectBaseMs?: number | undefined;
  /** Longest wait before resubscribing, in milliseconds. @default 30000 */
  reconnectMaxMs?: number | undefined;
  /** Most blocks one `eth_getLogs` asks for; a catch-up is split into pages of this size. @default 1000 */
  pageBlocks?: number | undefined;
  /** Longest catch-up scanned block by block; a longer gap re-verifies everything. @default 10000 */
  maxCatchUpBlocks?: number | undefined;
  /** Most logs one catch-up decodes; past it, everything is re-verified instead. @default 1000 */
  maxLogs?: number | undefined;
  /** Milliseconds the WebSocket connection and each of its requests may take. @default 10000 */
  socketTimeoutMs?: number | undefined;
  /**
   * When above 0, a latest block older than this counts as an unreachable chain (`StaleChainError`):
   * the endpoint lags. 0 turns the check off (one `eth_blockNumber` per poll).
   * @default 0
   */
  maxBlockAgeMs?: number | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** The bounds and timing of a watcher, resolved. */
type Bounds = Required<
  Pick<
    RegistryWatcherInit,
    | "subscribedCheckMs"
    | "reconnectBaseMs"
    | "reconnectMaxMs"
    | "pageBlocks"
    | "maxCatchUpBlocks"
    | "maxLogs"
    | "socketTimeoutMs"
  >
>;

/**
 * Follows the registry's {@link TRUST_EVENTS} so that a client drops a revoked node while it is
 * connected to it.
 *
 * - With a WebSocket URL on the connection (`eventsUrl`), it subscribes to the registry's logs and
 *   to new heads: a revocation is applied as soon as its block is announced. A lost socket is
 *   reconnected with a doubling wait (capped), and each new subscription first catches up by range
 *   (`eth_getLogs` from the last block scanned). While subscribed it still polls, rarely.
 * - Otherwise, or while the socket is down, or when the endpoint refuses `eth_subscribe`, it polls
 *   (`eth_blockNumber`, then `eth_getLogs` over the new blocks) every `intervalMs`.
 *
 * Every scan is bounded: pages of `pageBlocks`, at most `maxCatchUpBlocks` and `maxLogs`; past them
 * the watcher asks for everything to be re-verified instead. After an outage it catches up from
 * the last block it scanned, so no event is lost.
 */
export class RegistryWatcher {
  private readonly topics: string[];
  private readonly bounds: Bounds;
  private readonly subscription: RegistrySubscription | undefined;
  private lastBlock: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> | undefined;
  /** Applications of events, one after the other. */
  private applying: Promise<void> = Promise.resolve();
  /** Logs already applied (by transaction and index), oldest first: a catch-up skips them. */
  private readonly seen = new Set<string>();
  private watchMode: WatchMode = "polling";

  /**
   * @param registry - The registry connection.
   * @param init - Interval, callbacks, subscription and bounds.
   */
  constructor(
    private readonly registry: RegistryClient,
    private readonly init: RegistryWatcherInit,
  ) {
    const contract = registry.contract;
    this.topics = TRUST_EVENTS.map((name) => contract.interface.getEvent(name).topicHash);
    this.bounds = {
      subscribedCheckMs: init.subscribedCheckMs ?? WATCHER_DEFAULTS.subscribedCheckMs,
      reconnectBaseMs: init.reconnectBaseMs ?? WATCHER_DEFAULTS.reconnectBaseMs,
      reconnectMaxMs: init.reconnectMaxMs ?? WATCHER_DEFAULTS.reconnectMaxMs,
      pageBlocks: Math.max(1, init.pageBlocks ?? WATCHER_DEFAULTS.pageBlocks),
      maxCatchUpBlocks: Math.max(1, init.maxCatchUpBlocks ?? WATCHER_DEFAULTS.maxCatchUpBlocks),
      maxLogs: Math.max(1, init.maxLogs ?? WATCHER_DEFAULTS.maxLogs),
      socketTimeoutMs: init.socketTimeoutMs ?? WATCHER_DEFAULTS.socketTimeoutMs,
    };
    const url = registry.eventsUrl;
    if (url !== undefined && (init.subscribe ?? WATCHER_DEFAULTS.subscribe)) {
      this.subscription = new RegistrySubscription({
        url,
        address: registry.address,
        topics: this.topics,
        timeoutMs: this.bounds.socketTimeoutMs,
        reconnectBaseMs: this.bounds.reconnectBaseMs,
        reconnectMaxMs: this.bounds.reconnectMaxMs,
        onLog: (entry) => {
          this.onLog(entry);
        },
        onHead: () => {
          this.init.onReachable();
        },
        onLive: () => {
          this.setMode("subscribed");
          // Catch up on what the socket may have missed, from the last block scanned.
          void this.poll();
        },
        onDown: (error) => {
          this.setMode("polling", error);
        },
        onRefused: (error) => {
          this.watchMode = "polling";
          if (this.running) this.init.onMode?.("polling", error);
          this.schedule();
        },
      });
    }
  }

  /** Whether events arrive by subscription now, or by polling. */
  get mode(): WatchMode {
    return this.watchMode;
  }

  /**
   * Starts watching from the current block. Never rejects: failures go to the callbacks.
   *
   * @returns When the block watched from is read (or could not be), and watching has begun.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.lastBlock = await this.head();
      this.init.onReachable();
    } catch (err) {
      this.init.onUnreachable(toRegistryError(err, this.registry.rpcUrl));
    }
    // Stopped while the head was read: nothing is to be watched.
    if (this.stopped()) return;
    this.subscription?.start();
    this.schedule();
  }

  /** Whether {@link RegistryWatcher.stop} was called (read anew at each call, across awaits). */
  private stopped(): boolean {
    return !this.running;
  }

  /** Stops watching and waits for a poll, and events, in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.subscription?.stop();
    await this.polling;
    await this.applying;
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

  private setMode(mode: WatchMode, reason?: Error): void {
    if (!this.running) return;
    const changed = mode !== this.watchMode;
    this.watchMode = mode;
    if (changed) {
      this.init.onMode?.(mode, reason);
      this.schedule();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    const delay = this.watchMode === "subscribed" ? this.bounds.subscribedCheckMs : this.init.intervalMs;
    this.timer = setTimeout(() => {
      void this.poll().finally(() => {
        this.schedule();
      });
    }, delay);
    this.timer.unref();
  }

  /** A log pushed by the subscription: applied at once unless a scan already did. */
  private onLog(entry: RawLog): void {
    if (!this.running) return;
    if (entry.address?.toLowerCase() !== this.registry.address.toLowerCase()) return;
    const event = this.decode(entry);
    if (event === undefined || !this.remember(entry)) return;
    void this.apply([event]);
  }

  private async pollOnce(): Promise<void> {
    const events: TrustEvent[] = [];
    let missed = false;
    let failure: unknown;
    let latest: number;
    try {
      latest = await this.head();
    } catch (err) {
      this.init.onUnreachable(toRegistryError(err, this.registry.rpcUrl));
      return;
    }
    const fromBlock = (this.lastBlock ?? latest - 1) + 1;
    if (latest - fromBlock + 1 > this.bounds.maxCatchUpBlocks) {
      // Longer than a catch-up may scan: skip the logs and re-verify everything instead.
      missed = true;
      this.lastBlock = latest;
    }
    let logCount = 0;
    for (let start = fromBlock; !missed && start <= latest; start += this.bounds.pageBlocks) {
      const toBlock = Math.min(latest, start + this.bounds.pageBlocks - 1);
      try {
        const logs = await this.registry.provider.getLogs({
          address: this.registry.address,
          topics: [this.topics],
          fromBlock: start,
          toBlock,
        });
        logCount += logs.length;
        if (logCount > this.bounds.maxLogs) {
          missed = true;
          this.lastBlock = latest;
          break;
        }
        for (const entry of logs) {
          const raw: RawLog = {
            topics: [...entry.topics],
            data: entry.data,
            blockNumber: String(entry.blockNumber),
            transactionHash: entry.transactionHash,
            logIndex: String(entry.index),
          };
          const event = this.decode(raw);
          if (event !== undefined && this.remember(raw)) events.push(event);
        }
        this.lastBlock = toBlock;
      } catch (err) {
        failure = err;
        break;
      }
    }
    if (failure === undefined) this.init.onReachable();
    else this.init.onUnreachable(toRegistryError(failure, this.registry.rpcUrl));
    if ((events.length > 0 || missed) && this.running) await this.apply(missed ? [] : events);
  }

  /** Applies events after those before them; never rejects. */
  private async apply(events: TrustEvent[]): Promise<void> {
    this.applying = this.applying.then(async () => {
      if (!this.running) return;
      try {
        await this.init.onEvents(events);
      } catch (err) {
        log.error("applying registry events failed: %e", err);
      }
    });
    return this.applying;
  }

  private decode(entry: RawLog): TrustEvent | undefined {
    try {
      const parsed = this.registry.contract.interface.parseLog({
        topics: entry.topics ?? [],
        data: entry.data ?? "0x",
      });
      if (parsed === null) return undefined;
      return {
        name: parsed.name as TrustEventName,
        args: [...parsed.args],
        blockNumber: Number(entry.blockNumber),
      };
    } catch {
      return undefined;
    }
  }

  /** Records a log as applied; false when it already was. At most `rememberedLogs` are kept. */
  private remember(entry: RawLog): boolean {
    const key = `${entry.transactionHash}:${Number(entry.logIndex)}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    for (const oldest of this.seen) {
      if (this.seen.size <= WATCHER_DEFAULTS.rememberedLogs) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}
