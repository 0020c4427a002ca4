import type { Libp2p } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";

import type { Candidate } from "../discovery/candidate.js";
import type { DiscoverParameters } from "../discovery/discover.js";
import { NoServerAvailableError, OperationAbortedError } from "../errors/client.js";
import type { SelectionReason, WaymarkEventTarget } from "../events.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { NodeVerifier } from "../kernel/registry/verifier.js";
import type { RegistryHealth } from "../verification/registryHealth.js";
import type { VerifiedCandidate } from "../verification/types.js";
import { chooseAmongFastest } from "./chooseAmongFastest.js";
import { explainEmptyDiscovery } from "./emptyDiscovery.js";
import { GreyList } from "./greyList.js";
import { probeCandidates } from "./probe.js";
import { sample } from "../kernel/random/sample.js";

/** The server in use. */
export interface Selection {
  /** The server, with its verdict (`Trusted` or `Custom`) and provider. */
  server: VerifiedCandidate;
  /** Ping round trip measured when it was chosen, in milliseconds. */
  rttMs: number;
  /** When it was chosen (milliseconds since the epoch). */
  selectedAt: number;
}

/** Parameters of {@link ServerPool.select}. */
export interface SelectParameters {
  /** Cancels the selection; it then rejects with OperationAbortedError. */
  signal?: AbortSignal | undefined;
  /** Drop the sticky choice and choose again among the verified, reachable servers. @default false */
  reselect?: boolean | undefined;
}

/** What a {@link ServerPool} needs of its client. */
export interface ServerPoolContext {
  host: Libp2p<BaseServices>;
  options: ResolvedClientOptions;
  events: WaymarkEventTarget;
  verifier: NodeVerifier;
  health: RegistryHealth;
  /** Why registry servers are unavailable (no registry connection), while they are. */
  registryUnavailable?(): Error | undefined;
  discover(parameters: DiscoverParameters): Promise<Candidate[]>;
  /**
   * Discovery in batches (see `discoverBatches`), so that selection can start once
   * `discoveryQuorum` servers are verified; without it, the pool waits for `discover`.
   */
  discoverBatches?(parameters: DiscoverParameters): AsyncIterable<Candidate[], void, undefined>;
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
}

/** A discovery the pool stopped waiting for: its remaining batches, consumed in the background. */
interface PendingDiscovery {
  readonly batches: AsyncIterator<Candidate[], void, undefined>;
  /** Ends the search. */
  readonly controller: AbortController;
  /** The discovery it belongs to; results of a superseded one are dropped. */
  readonly generation: number;
  /** Settles when the remaining batches are consumed, verified and merged; set once resumed. */
  done: Promise<void> | undefined;
}

/**
 * The client's known servers and its sticky choice among them.
 *
 * Discovery: candidates are verified batch by batch as discovery finds them (the registry's
 * bootstrap records and custom servers first, then each DHT answer). Once `discoveryQuorum` of
 * them are usable the pool stops waiting; the rest of the DHT search runs in the background after
 * the selection, and what it finds is verified in one registry call and joins the pool. Only
 * verified, trusted servers (or custom ones) are ever selected.
 *
 * Selection: the trusted, non-grey-listed servers (custom ones first when preferred) are shuffled;
 * `probeCount` of them are pinged in parallel; the choice is uniformly random among those whose
 * RTT is within `fastest × latencyTolerance + latencySlackMs`. Unreachable ones are grey-listed and
 * the next batch is tried; when every server found so far fails, the selection waits for the rest
 * of the discovery and tries its servers. The choice is kept until it fails or is revoked.
 */
export class ServerPool {
  /** Servers that failed recently, kept out with exponential back-off. */
  readonly greyList: GreyList;
  private servers: VerifiedCandidate[] = [];
  private discoveredAt: number | undefined;
  private selection: Selection | undefined;
  private nextReason: SelectionReason = "initial";
  private selecting: Promise<Selection> | undefined;
  private generation = 0;
  private pending: PendingDiscovery | undefined;

  /** @param context - Host, options, events, verifier and the discover/verify actions. */
  constructor(private readonly context: ServerPoolContext) {
    this.greyList = new GreyList({
      baseMs: context.options.greyListBaseMs,
      maxMs: context.options.greyListMaxMs,
    });
  }

  /** The selected server, if one is selected. */
  get current(): Selection | undefined {
    return this.selection;
  }

  /** Every server the client knows, with its latest verdict. */
  get known(): readonly VerifiedCandidate[] {
    return this.servers;
  }

  /**
   * The selected server, or a new choice when there is none (or `reselect`). A registry server is
   * re-verified first (from the cache while it is fresh), so a revocation is seen within the
   * verification cache time even without registry events.
   *
   * @param parameters - Abort signal, reselect.
   * @returns The selection.
   * @throws NoServerAvailableError when no verified server is reachable.
   * @throws OperationAbortedError when `signal` aborts.
   */
  async select(parameters: SelectParameters = {}): Promise<Selection> {
    if (parameters.reselect === true) this.selection = undefined;
    this.selecting ??= this.selectNow(parameters.signal).finally(() => {
      this.selecting = undefined;
    });
    return this.selecting;
  }

  /**
   * Discovers and verifies again: the DHT when the candidate list is old or nothing is usable, the
   * registry (through the verification cache) always. A discovery returns once `discoveryQuorum`
   * servers are usable and goes on in the background (see {@link ServerPool.settled}).
   *
   * @param parameters - Abort signal; `force` to ask the DHT whatever the list's age.
   */
  async refresh(parameters: { signal?: AbortSignal | undefined; force?: boolean } = {}): Promise<void> {
    await this.refreshNow(parameters);
    void this.resumeDiscovery();
  }

  /**
   * Marks the known candidates as old, so that the next selection that is not sticky discovers
   * again (for instance once the registry is reachable and its servers can be found).
   */
  expireCandidates(): void {
    this.discoveredAt = undefined;
  }

  /**
   * Waits for the discovery the pool stopped waiting for (see `discoveryQuorum`) to end, and for
   * what it found to be verified and added. Resolves at once when none is running.
   *
   * @param signal - Stops waiting (the discovery goes on); the call then rejects with OperationAbortedError.
   */
  async settled(signal?: AbortSignal): Promise<void> {
    await untilAborted(this.resumeDiscovery(), signal);
  }

  /**
   * Records that a server failed: grey-lists it, drops it as the selection, emits `server:failed`.
   *
   * @param server - The server.
   * @param error - What went wrong.
   * @returns When it may be tried again (milliseconds since the epoch).
   */
  fail(server: VerifiedCandidate, error: Error): number {
    const retryAt = this.greyList.fail(server.peerId);
    if (this.selection?.server.peerId === server.peerId) {
      this.selection = undefined;
      this.nextReason = "failover";
    }
    this.context.events.emit("server:failed", { server, error, retryAt });
    return retryAt;
  }

  /** @param server - A server that just worked; its grey-list record is cleared. */
  succeed(server: VerifiedCandidate): void {
    this.greyList.succeed(server.peerId);
  }

  /**
   * Verifies every known server again, bypassing the cache, and drops those the registry no longer
   * trusts (closing the connection to the selected one). Called on registry events.
   */
  async recheck(): Promise<void> {
    this.context.verifier.invalidate();
    const before = new Map(this.servers.map((s) => [s.peerId, s]));
    const verified = await this.verify([...before.values()]);
    // Keep servers that background discovery added meanwhile (verified when they were added).
    this.servers = [...verified, ...this.servers.filter((s) => !before.has(s.peerId))];
    for (const server of verified) {
      if (before.get(server.peerId)?.trusted === true && !server.trusted) await this.revoke(server);
    }
  }

  private async selectNow(signal: AbortSignal | undefined): Promise<Selection> {
    const current = this.selection;
    if (current !== undefined) {
      if (current.server.custom) return current;
      const [latest] = await this.verify([current.server]);
      this.replace(latest);
      if (latest?.trusted === true && this.selection === current) {
        current.server = latest;
        return current;
      }
      if (latest !== undefined && !latest.trusted) await this.revoke(latest);
    }
    await this.refreshNow({ signal });
    try {
      throwIfAborted(signal);
      return await this.choose(signal);
    } catch (err) {
      if (!(err instanceof NoServerAvailableError) || this.pending === undefined) throw err;
      // Every server found so far failed: the rest of the discovery may still find one.
      await this.settled(signal);
      return await this.choose(signal);
    } finally {
      // The selection's connections now serve as the DHT's entry points.
      void this.resumeDiscovery();
    }
  }

  private async refreshNow(parameters: { signal?: AbortSignal | undefined; force?: boolean }): Promise<void> {
    const { options } = this.context;
    const now = Date.now();
    const usable = this.servers.some((s) => this.usable(s));
    const old = this.discoveredAt === undefined || now - this.discoveredAt > options.candidateTtlMs;
    if (parameters.force === true || old || !usable) {
      await this.discoverUntilQuorum(parameters.signal);
      this.discoveredAt = Date.now();
    } else {
      this.servers = await this.verify(this.servers);
    }
  }

  /**
   * Consumes discovery batch by batch, verifying each, until `discoveryQuorum` servers are usable
   * or discovery ends; what is left is kept in `pending`, not yet resumed.
   */
  private async discoverUntilQuorum(signal: AbortSignal | undefined): Promise<void> {
    const { context } = this;
    const generation = ++this.generation;
    this.dropPending();
    if (context.discoverBatches === undefined) {
      this.servers = await this.verify(await context.discover({ signal }));
      return;
    }
    // The search is not bound to this call's signal: what the quorum does not wait for goes on in
    // the background, until it ends, the client stops, or a newer discovery replaces it.
    const controller = new AbortController();
    const batches = context.discoverBatches({ signal: controller.signal })[Symbol.asyncIterator]();
    const servers: VerifiedCandidate[] = [];
    try {
      for (;;) {
        const next = await untilAborted(batches.next(), signal);
        if (next.done === true) break;
        servers.push(...(await this.verify(next.value)));
        if (servers.filter((s) => this.usable(s)).length >= context.options.discoveryQuorum) {
          if (generation === this.generation) {
            this.pending = { batches, controller, generation, done: undefined };
          } else {
            controller.abort();
          }
          break;
        }
      }
    } catch (err) {
      controller.abort();
      throw err;
    }
    if (generation === this.generation) this.servers = servers;
  }

  /**
   * Starts consuming the rest of the pending discovery in the background (once), then verifies what
   * it found in one registry call and adds it to the known servers.
   *
   * @returns When that is done (never rejects).
   */
  private async resumeDiscovery(): Promise<void> {
    const pending = this.pending;
    if (pending === undefined) return;
    pending.done ??= (async () => {
      const late: Candidate[] = [];
      try {
        for (
          let next = await pending.batches.next();
          next.done !== true;
          next = await pending.batches.next()
        ) {
          late.push(...next.value);
        }
        if (late.length > 0 && pending.generation === this.generation) {
          const verified = await this.verify(late);
          if (pending.generation === this.generation) {
            const known = new Set(this.servers.map((s) => s.peerId));
            this.servers = [...this.servers, ...verified.filter((s) => !known.has(s.peerId))];
          }
        }
      } catch {
        // The client stopped, or the registry failed: the servers already known stay as they are.
      } finally {
        if (this.pending === pending) this.pending = undefined;
      }
    })();
    return pending.done;
  }

  private dropPending(): void {
    this.pending?.controller.abort();
    this.pending = undefined;
  }

  private usable(server: VerifiedCandidate): boolean {
    return server.trusted && !this.greyList.has(server.peerId);
  }

  private async choose(signal: AbortSignal | undefined): Promise<Selection> {
    const { options } = this.context;
    const usable = this.servers.filter((s) => this.usable(s));
    const tiers = options.preferCustomServers
      ? [usable.filter((s) => s.custom), usable.filter((s) => !s.custom)]
      : [usable];
    for (const tier of tiers) {
      const remaining = sample(tier, tier.length, options.random);
      while (remaining.length > 0) {
        const batch = remaining.splice(0, options.probeCount);
        const results = await probeCandidates(this.context, {
          candidates: batch,
          timeoutMs: options.probeTimeoutMs,
          signal,
        });
        throwIfAborted(signal);
        const reachable: { server: VerifiedCandidate; rttMs: number }[] = [];
        for (const result of results) {
          if (result.reachable) reachable.push({ server: result.candidate, rttMs: result.rttMs });
          else this.fail(result.candidate, result.error);
        }
        const stillTrusted = reachable.filter((r) => this.find(r.server.peerId)?.trusted === true);
        if (stillTrusted.length === 0) continue;
        const { chosen } = chooseAmongFastest(stillTrusted, {
          tolerance: options.latencyTolerance,
          slackMs: options.latencySlackMs,
          random: options.random,
        });
        const selection = { server: chosen.server, rttMs: chosen.rttMs, selectedAt: Date.now() };
        this.selection = selection;
        this.greyList.succeed(chosen.server.peerId);
        const reason = this.nextReason;
        this.nextReason = "initial";
        this.context.events.emit("server:selected", { server: chosen.server, rttMs: chosen.rttMs, reason });
        return selection;
      }
    }
    throw this.noServer();
  }

  private noServer(): NoServerAvailableError {
    const trusted = this.servers.filter((s) => s.trusted);
    const listed = trusted.filter((s) => this.greyList.has(s.peerId));
    const parts = [
      `${this.servers.length} candidates`,
      `${trusted.length} trusted`,
      `${listed.length} of them grey-listed after failures`,
    ];
    if (this.context.health.stale) {
      const reason = this.context.health.error;
      parts.push(
        `the registry is unreachable, so verification is stale${reason === undefined ? "" : ` (${reason.name}: ${shortMessageOf(reason)})`}`,
      );
    }
    const unverified = this.servers.filter((s) => s.verdict === "Unverified").length;
    if (unverified > 0) parts.push(`${unverified} unverified`);
    const unavailable = this.context.registryUnavailable?.();
    if (unavailable !== undefined) {
      parts.push(`registry servers are unavailable (${unavailable.name}: ${shortMessageOf(unavailable)})`);
    }
    const discovery = this.servers.some((s) => s.sources.includes("dht"))
      ? undefined
      : explainEmptyDiscovery({
          service: this.context.options.service,
          bootstrapPeers: this.context.options.bootstrap.length,
          registryRecords: this.servers.filter((s) => s.sources.includes("registry")).length,
          registryBootstrap: this.context.options.registryBootstrap,
          registryError: unavailable,
          connected: this.context.host.getConnections().length > 0,
          serviceKeyKnown: this.context.options.chainId !== undefined || unavailable === undefined,
          discoveryTimeoutMs: this.context.options.discoveryTimeoutMs,
        });
    if (discovery !== undefined)
      parts.push(`the DHT named none: ${discovery.summary} (${discovery.details})`);
    return new NoServerAvailableError(this.context.options.service, {
      details: parts.join(", "),
      retryAt: this.greyList.earliestRetry(trusted.map((s) => s.peerId)),
      discovery,
    });
  }

  private async verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]> {
    // The registry's health is reported by the verifier itself, from real answers only.
    return this.context.verify(candidates);
  }

  private async revoke(server: VerifiedCandidate): Promise<void> {
    const wasSelected = this.selection?.server.peerId === server.peerId;
    if (wasSelected) {
      this.selection = undefined;
      this.nextReason = "revoked";
      await this.context.host.hangUp(peerIdFromString(server.peerId)).catch(() => undefined);
    }
    this.context.events.emit("server:revoked", { server, verdict: server.verdict, wasSelected });
  }

  private find(peerId: string): VerifiedCandidate | undefined {
    return this.servers.find((s) => s.peerId === peerId);
  }

  private replace(server: VerifiedCandidate | undefined): void {
    if (server === undefined) return;
    const index = this.servers.findIndex((s) => s.peerId === server.peerId);
    if (index >= 0) this.servers[index] = server;
  }
}

function shortMessageOf(error: Error): string {
  return "shortMessage" in error && typeof error.shortMessage === "string"
    ? error.shortMessage
    : error.message;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new OperationAbortedError("Server selection", { cause: signal.reason });
}

async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  throwIfAborted(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new OperationAbortedError("Server selection", { cause: signal.reason }));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}
