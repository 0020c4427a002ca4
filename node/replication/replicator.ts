import type { AbortOptions, Logger, PeerId } from "@libp2p/interface";

import { sample } from "../../client/kernel/random/sample.js";
import type { ReplicationAdapter, ReplicationTransport, SyncRange } from "./adapter.js";
import type { ForwarderStats } from "./forwarder.js";
import { Forwarder } from "./forwarder.js";
import type { ReplicationLimits } from "./limits.js";
import { originOf } from "./origin.js";
import type { AllowedPeer, ReplicationPeersInit } from "./peers.js";
import { ReplicationPeers } from "./peers.js";
import type { ReconcileInit, ReconcileResult } from "./reconcile.js";
import { reconcile } from "./reconcile.js";
import type { SyncReason } from "./syncReason.js";

/** Meta key of the last time this node knew itself in sync and running. */
const LAST_ALIVE = "lastAlive";

/** What the {@link Replicator} needs. */
export interface ReplicatorInit<Item, Stored> extends Omit<
  ReplicationPeersInit,
  "refreshIntervalMs" | "log" | "syncProtocol"
> {
  /** What the kind replicates, and how. */
  adapter: ReplicationAdapter<Item, Stored>;
  /** The kind's node-to-node requests (they open streams, dialling when needed). */
  transport: ReplicationTransport<Item>;
  limits: ReplicationLimits;
  clock: () => number;
  log: Logger;
  /** Items pulled by catch-up or anti-entropy and newly stored. */
  onPulled(items: Stored[], from: PeerId): void;
  /** A catch-up or anti-entropy round finished. */
  onSynced(peer: PeerId, result: ReconcileResult, reason: SyncReason): void;
  /** A catch-up or anti-entropy round with a peer failed (the node goes on). */
  onSyncFailed(peer: PeerId | undefined, reason: SyncReason, error: Error): void;
}

/** State of the start-up catch-up. */
export interface CatchUpStatus {
  /** `pending`, `done`, `no-peer` (none appeared in time), `failed` or `aborted`. */
  state: "pending" | "done" | "no-peer" | "failed" | "aborted";
  /** The peer it caught up from. */
  peer: string | undefined;
  /** Items pulled. */
  pulled: number;
  /** Range asked for (mail: a time range, in ms). */
  from: number | undefined;
  to: number | undefined;
  /** Why the last attempt failed, while catch-up has not succeeded. */
  error: string | undefined;
}

/** Replication figures for the status. */
export interface ReplicationStatus extends ForwarderStats {
  /** Replication peers known. */
  peers: number;
  /**
   * Delay between an item's timestamp and its arrival here by replication, last seen, in ms
   * (undefined for a kind whose items carry no timestamp).
   */
  inboundLagMs: number | undefined;
  /** When the last anti-entropy round ended, and what it pulled. */
  lastAntiEntropyAt: number | undefined;
  lastAntiEntropyPulled: number | undefined;
}

/** Waits between catch-up attempts while every peer fails: 1 s, then doubling. */
const CATCH_UP_RETRY_MS = 1_000;
/** Attempts at catching up (each tries every peer once) before the node gives up on it. */
const CATCH_UP_ATTEMPTS = 4;

/**
 * Keeps this node converged with its replication peers of the same kind: forwards what clients put
 * here, catches up at start for the time it was away, and runs periodic anti-entropy rounds that
 * repair whatever forwarding missed (partitions, restarts, dropped queues). Every round with a peer
 * has a deadline and a page budget, so no peer can hold the node in catch-up; when every peer
 * failed, catch-up tries again after 1, 2 and 4 s (a peer that has just learnt of this node's
 * registration answers then), within `catchUpTimeoutMs` in all; anti-entropy repairs what a failed
 * catch-up missed. What the kind replicates comes from its {@link ReplicationAdapter}.
 */
export class Replicator<Item, Stored> {
  readonly peers: ReplicationPeers;
  private readonly forwarder: Forwarder<Item>;
  private readonly reconcileInit: ReconcileInit<Item, Stored>;
  private readonly controller = new AbortController();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly caughtUp = Promise.withResolvers<undefined>();
  private catchUpStatus: CatchUpStatus = {
    state: "pending",
    peer: undefined,
    pulled: 0,
    from: undefined,
    to: undefined,
    error: undefined,
  };
  private inSync = false;
  private inboundLagMs: number | undefined;
  private lastAntiEntropy: { at: number; pulled: number } | undefined;
  private antiEntropyRunning = false;

  constructor(private readonly init: ReplicatorInit<Item, Stored>) {
    const { adapter, transport, limits, log } = init;
    this.peers = new ReplicationPeers({
      ...init,
      syncProtocol: adapter.syncProtocol,
      refreshIntervalMs: limits.peerRefreshIntervalMs,
      log,
    });
    this.forwarder = new Forwarder({
      send: async (peer, items, options) =>
        transport.replicate(peer, items, {
          ...options,
          timeoutMs: limits.syncTimeoutMs,
          maxResponseFrameBytes: limits.maxSyncFrameBytes,
        }),
      isReplicationPeer: async (peer, options) => (await this.peers.check([peer], options)).length > 0,
      itemBytes: (item) => adapter.frameBytes(item),
      identify: adapter.versioned === true ? (item) => adapter.identify(item) : undefined,
      batchSize: limits.replicationBatchSize,
      batchBytes: limits.maxResponseBytes,
      queueLimit: limits.replicationQueueLimit,
      clock: init.clock,
      log,
    });
    this.reconcileInit = {
      adapter,
      transport,
      limits,
      clock: init.clock,
      onPulled: (items, from) => {
        init.onPulled(items, from);
      },
    };
  }

  /** Starts peer discovery, anti-entropy and the heartbeat. */
  async start(): Promise<void> {
    await this.peers.start();
    const { antiEntropyIntervalMs, heartbeatIntervalMs } = this.init.limits;
    this.timers.push(
      setInterval(
        () => void this.antiEntropy({ signal: this.controller.signal }).catch(() => undefined),
        antiEntropyIntervalMs,
      ),
      setInterval(() => void this.heartbeat(), heartbeatIntervalMs),
    );
  }

  /** Runs the start-up catch-up; {@link ready} resolves when it ends, whatever the outcome. */
  startCatchUp(): void {
    void this.catchUp()
      .catch((err: unknown) => {
        this.catchUpStatus = { ...this.catchUpStatus, state: "failed", error: toError(err).message };
        this.init.onSyncFailed(undefined, "catch-up", toError(err));
      })
      .finally(() => {
        this.caughtUp.resolve(undefined);
      });
  }

  /**
   * Resolves once the start-up catch-up has ended.
   *
   * @param options - Signal.
   */
  async ready(options: AbortOptions = {}): Promise<void> {
    if (options.signal === undefined) return this.caughtUp.promise;
    options.signal.throwIfAborted();
    const aborted = Promise.withResolvers<never>();
    const onAbort = (): void => {
      aborted.reject(options.signal?.reason);
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    try {
      await Promise.race([this.caughtUp.promise, aborted.promise]);
    } finally {
      options.signal.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Queues an item a client put here for every replication peer.
   *
   * @param item - The item, as it travels.
   */
  forward(item: Item): void {
    this.forwarder.forward(item, this.peers.known());
  }

  /**
   * Records items that arrived by replication, for the lag figure (kinds whose items carry a
   * timestamp).
   *
   * @param items - Newly stored items.
   */
  noteReplicated(items: readonly Stored[]): void {
    const timestampOf = this.init.adapter.timestampOf?.bind(this.init.adapter);
    if (timestampOf === undefined) return;
    const newest = items.reduce((max, item) => Math.max(max, timestampOf(item)), 0);
    this.inboundLagMs = Math.max(0, this.init.clock() - newest);
  }

  /**
   * Runs one anti-entropy round now with a random replication peer over the whole range held,
   * within `syncRoundTimeoutMs`.
   *
   * @param options - Signal.
   * @returns What it pulled, or undefined when no replication peer is known or a round is already
   * running.
   * @throws The round's failure (also reported through `onSyncFailed`).
   */
  async antiEntropy(options: AbortOptions = {}): Promise<ReconcileResult | undefined> {
    if (this.antiEntropyRunning) return undefined;
    this.antiEntropyRunning = true;
    let chosen: AllowedPeer | undefined;
    try {
      const signal = AbortSignal.any([this.controller.signal, ...(options.signal ? [options.signal] : [])]);
      const peers = await this.peers.current({ signal });
      chosen = peers[Math.floor(Math.random() * peers.length)];
      if (chosen === undefined) return undefined;
      const result = await this.round(chosen, this.init.adapter.ranges.all(this.init.clock()), signal);
      this.inSync = true;
      this.lastAntiEntropy = { at: this.init.clock(), pulled: result.pulled };
      this.init.onSynced(chosen.peer, result, "anti-entropy");
      return result;
    } catch (err) {
      if (!this.controller.signal.aborted) this.init.onSyncFailed(chosen?.peer, "anti-entropy", toError(err));
      throw err;
    } finally {
      this.antiEntropyRunning = false;
    }
  }

  /** Figures for the status. */
  status(): { catchUp: CatchUpStatus; replication: ReplicationStatus } {
    return {
      catchUp: { ...this.catchUpStatus },
      replication: {
        peers: this.peers.known().length,
        ...this.forwarder.stats(),
        inboundLagMs: this.inboundLagMs,
        lastAntiEntropyAt: this.lastAntiEntropy?.at,
        lastAntiEntropyPulled: this.lastAntiEntropy?.pulled,
      },
    };
  }

  /** Stops every task, records the heartbeat if in sync, and ends a pending catch-up. */
  async stop(): Promise<void> {
    this.controller.abort();
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.peers.stop();
    this.forwarder.stop();
    await this.heartbeat();
  }

  private async catchUp(): Promise<void> {
    const { adapter, limits, clock } = this.init;
    const deadline = AbortSignal.timeout(limits.catchUpTimeoutMs);
    const signal = AbortSignal.any([this.controller.signal, deadline]);
    const lastAlive = Number((await adapter.store.getMeta(LAST_ALIVE)) ?? Number.NaN);
    const now = clock();
    const { from, to } = Number.isFinite(lastAlive)
      ? adapter.ranges.since(lastAlive, now)
      : adapter.ranges.all(now);
    this.catchUpStatus = { ...this.catchUpStatus, from, to };
    try {
      await this.peers.waitForAny({
        signal: AbortSignal.any([signal, AbortSignal.timeout(limits.catchUpWaitMs)]),
      });
    } catch {
      this.catchUpStatus.state = this.controller.signal.aborted ? "aborted" : "no-peer";
      this.init.log("no replication peer to catch up from");
      return;
    }
    for (let attempt = 1, wait = CATCH_UP_RETRY_MS; ; attempt++, wait *= 2) {
      for (const entry of shuffled(await this.peers.current({ signal }))) {
        try {
          const result = await this.round(entry, { from, to }, signal);
          this.catchUpStatus = {
            state: "done",
            peer: entry.peer.toString(),
            pulled: result.pulled,
            from,
            to,
            error: undefined,
          };
          this.inSync = true;
          await this.heartbeat();
          this.init.onSynced(entry.peer, result, "catch-up");
          return;
        } catch (err) {
          if (this.controller.signal.aborted) {
            this.catchUpStatus.state = "aborted";
            return;
          }
          const error = deadline.aborted
            ? new Error("the catch-up ran out of time", { cause: err })
            : toError(err);
          this.catchUpStatus.error = error.message;
          this.init.onSyncFailed(entry.peer, "catch-up", error);
          if (deadline.aborted) break;
        }
      }
      if (attempt === CATCH_UP_ATTEMPTS || deadline.aborted || !(await sleep(wait, signal))) break;
    }
    this.catchUpStatus.state = this.controller.signal.aborted ? "aborted" : "failed";
    this.catchUpStatus.error ??= "no replication peer was left to catch up from";
  }

  /**
   * One reconciliation with a peer, within the round's deadline.
   *
   * @throws The kind's `timeout` error when the round takes longer than `syncRoundTimeoutMs`, or
   * what {@link reconcile} throws.
   */
  private async round(entry: AllowedPeer, range: SyncRange, signal: AbortSignal): Promise<ReconcileResult> {
    const limit = this.init.limits.syncRoundTimeoutMs;
    const timeout = AbortSignal.timeout(limit);
    try {
      return await reconcile(
        this.reconcileInit,
        { peer: entry.peer, origin: originOf(entry.verdict) },
        range,
        { signal: AbortSignal.any([signal, timeout]) },
      );
    } catch (err) {
      if (timeout.aborted && !signal.aborted) {
        throw this.init.adapter.errors.timeout(`The round with the peer took longer than ${limit} ms`, err);
      }
      throw err;
    }
  }

  /** Records "running and in sync now", from which the next start's catch-up range is derived. */
  private async heartbeat(): Promise<void> {
    if (!this.inSync) return;
    try {
      await this.init.adapter.store.setMeta(LAST_ALIVE, String(this.init.clock()));
    } catch (err) {
      this.init.log("could not record the heartbeat: %e", err);
    }
  }
}

/** Waits, or less when `signal` aborts; true when the whole wait passed. */
async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  return new Promise((resolve) => {
    const done = (passed: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(passed);
    };
    const onAbort = (): void => {
      done(false);
    };
    const timer = setTimeout(() => {
      done(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function shuffled<T>(items: readonly T[]): T[] {
  return sample(items, items.length, Math.random);
}
