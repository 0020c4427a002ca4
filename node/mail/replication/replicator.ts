import type { AbortOptions, Logger, PeerId } from "@libp2p/interface";

import { MailTimeoutError } from "../../../client/mail/protocol/errors.js";
import { toWire } from "../../../client/mail/protocol/envelope.js";
import { sample } from "../../../client/kernel/random/sample.js";
import type { MailPeer, MailStreamSource } from "../../../client/mail/protocol/roundTrip.js";
import type { MailLimits } from "../options.js";
import type { MailStore, StoredEnvelope } from "../store/types.js";
import { fetchEnvelopes, listRemoteIds, replicateEnvelopes, requestDigest } from "../sync/syncClient.js";
import type { ForwarderStats } from "./forwarder.js";
import { Forwarder } from "./forwarder.js";
import { originOf } from "./origin.js";
import type { AllowedPeer, ReplicationPeersInit } from "./peers.js";
import { ReplicationPeers } from "./peers.js";
import type { ReconcileInit, ReconcileResult, SyncCalls } from "./reconcile.js";
import { reconcile } from "./reconcile.js";
import type { SyncReason } from "./syncReason.js";

/** Meta key of the last time this node knew itself in sync and running. */
const LAST_ALIVE = "lastAlive";

/** What the {@link Replicator} needs. */
export interface ReplicatorInit extends Omit<ReplicationPeersInit, "refreshIntervalMs" | "log"> {
  /** Opens node-to-node streams (dials when needed). */
  dialer: Extract<MailStreamSource, { dial: unknown }>;
  store: MailStore;
  limits: MailLimits;
  clock: () => number;
  log: Logger;
  /** Envelopes pulled by catch-up or anti-entropy and newly stored. */
  onPulled(envelopes: StoredEnvelope[], from: PeerId): void;
  /** A catch-up or anti-entropy round finished. */
  onSynced(peer: PeerId, result: ReconcileResult, reason: SyncReason): void;
  /** A catch-up or anti-entropy round with a peer failed (the node goes on). */
  onSyncFailed(peer: PeerId | undefined, reason: SyncReason, error: Error): void;
}

/** State of the start-up catch-up. */
export interface CatchUpStatus {
  /** `pending`, `done`, `no-peer` (none appeared in time), `failed` or `aborted`. */
  state: "pending" | "done" | "no-peer" | "failed" | "aborted";
  /** The mail server it caught up from. */
  peer: string | undefined;
  /** Envelopes pulled. */
  pulled: number;
  /** Time range asked for, in ms. */
  from: number | undefined;
  to: number | undefined;
  /** Why the last attempt failed, while catch-up has not succeeded. */
  error: string | undefined;
}

/** Replication figures for the status. */
export interface ReplicationStatus extends ForwarderStats {
  /** Replication peers known. */
  peers: number;
  /** Delay between an envelope's timestamp and its arrival here by replication, last seen, in ms. */
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
 * Keeps this mail server converged with its replication peers: forwards pushed envelopes, catches
 * up at start for the time it was away, and runs periodic anti-entropy rounds that repair whatever
 * forwarding missed (partitions, restarts, dropped queues). Every round with a peer has a deadline
 * and a page budget, so no peer can hold the node in catch-up; when every peer failed, catch-up
 * tries again after 1, 2 and 4 s (a peer that has just learnt of this node's registration answers
 * then), within `catchUpTimeoutMs` in all; anti-entropy repairs what a failed catch-up missed.
 */
export class Replicator {
  readonly peers: ReplicationPeers;
  private readonly forwarder: Forwarder;
  private readonly reconcileInit: ReconcileInit;
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

  constructor(private readonly init: ReplicatorInit) {
    const { limits, log } = init;
    this.peers = new ReplicationPeers({ ...init, refreshIntervalMs: limits.peerRefreshIntervalMs, log });
    const syncOptions = (
      options: AbortOptions,
    ): AbortOptions & { timeoutMs: number; maxResponseFrameBytes: number } => ({
      ...options,
      timeoutMs: limits.syncTimeoutMs,
      maxResponseFrameBytes: limits.maxSyncFrameBytes,
    });
    const dial = (peer: PeerId): [MailStreamSource, MailPeer] => [init.dialer, peer];
    const sync: SyncCalls = {
      digest: async (peer, request, options) => requestDigest(...dial(peer), request, syncOptions(options)),
      listIds: async (peer, request, options) => listRemoteIds(...dial(peer), request, syncOptions(options)),
      fetch: async (peer, ids, options) => fetchEnvelopes(...dial(peer), ids, syncOptions(options)),
    };
    this.forwarder = new Forwarder({
      send: async (peer, envelopes, options) =>
        replicateEnvelopes(...dial(peer), envelopes, syncOptions(options)),
      isReplicationPeer: async (peer, options) => (await this.peers.check([peer], options)).length > 0,
      batchSize: limits.replicationBatchSize,
      batchBytes: limits.maxResponseBytes,
      queueLimit: limits.replicationQueueLimit,
      clock: init.clock,
      log,
    });
    this.reconcileInit = {
      store: init.store,
      sync,
      limits,
      clock: init.clock,
      onPulled: (envelopes, from) => {
        init.onPulled(envelopes, from);
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
   * Queues an envelope a client pushed here for every replication peer.
   *
   * @param envelope - The envelope.
   */
  forward(envelope: StoredEnvelope): void {
    this.forwarder.forward(toWire(envelope), this.peers.known());
  }

  /**
   * Records envelopes that arrived by replication, for the lag figure.
   *
   * @param envelopes - Newly stored envelopes.
   */
  noteReplicated(envelopes: readonly StoredEnvelope[]): void {
    const newest = envelopes.reduce((max, envelope) => Math.max(max, envelope.timestamp), 0);
    this.inboundLagMs = Math.max(0, this.init.clock() - newest);
  }

  /**
   * Runs one anti-entropy round now with a random replication peer over the whole retention,
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
      const result = await this.round(chosen, this.retentionRange(), signal);
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
    const { limits, clock, store } = this.init;
    const deadline = AbortSignal.timeout(limits.catchUpTimeoutMs);
    const signal = AbortSignal.any([this.controller.signal, deadline]);
    const lastAlive = Number((await store.getMeta(LAST_ALIVE)) ?? Number.NaN);
    const now = clock();
    const from = Number.isFinite(lastAlive)
      ? Math.max(0, lastAlive - limits.maxPastSkewMs - limits.clockSkewMarginMs)
      : this.retentionRange().from;
    const to = now + limits.maxFutureSkewMs + limits.clockSkewMarginMs;
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
   * @throws MailTimeoutError when the round takes longer than `syncRoundTimeoutMs`, or what
   * {@link reconcile} throws.
   */
  private async round(
    entry: AllowedPeer,
    range: { from: number; to: number },
    signal: AbortSignal,
  ): Promise<ReconcileResult> {
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
        throw new MailTimeoutError(`The round with the peer took longer than ${limit} ms`, { cause: err });
      }
      throw err;
    }
  }

  private retentionRange(): { from: number; to: number } {
    const { limits, clock } = this.init;
    const now = clock();
    return {
      from: Math.max(0, now - limits.maxRetentionSeconds * 1000),
      to: now + limits.maxFutureSkewMs + limits.clockSkewMarginMs,
    };
  }

  /** Records "running and in sync now", from which the next start's catch-up range is derived. */
  private async heartbeat(): Promise<void> {
    if (!this.inSync) return;
    try {
      await this.init.store.setMeta(LAST_ALIVE, String(this.init.clock()));
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
