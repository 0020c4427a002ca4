import type { Libp2p } from "@libp2p/interface";

import type { Candidate } from "../discovery/candidate.js";
import type { DiscoverParameters } from "../discovery/discover.js";
import { NoServerAvailableError } from "../errors/client.js";
import type { WaymarkEventTarget } from "../events.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { NodeVerifier } from "../kernel/registry/verifier.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { RegistryHealth } from "../verification/registryHealth.js";
import type { VerifiedCandidate } from "../verification/types.js";
import { traced } from "../kernel/trace/trace.js";
import { throwIfAborted } from "./abort.js";
import { chooseServer } from "./chooseServer.js";
import { EarlyProbe } from "./earlyProbe.js";
import type { GreyList } from "./greyList.js";
import type { Selection } from "./knownServers.js";
import { KnownServers } from "./knownServers.js";
import { noServerError } from "./noServerError.js";
import type { ProbeEarly } from "./progressiveDiscovery.js";
import { ProgressiveDiscovery } from "./progressiveDiscovery.js";

export type { Selection } from "./knownServers.js";

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
  /** The registry's health: the pool reads stale verification and unavailable registry servers there. */
  health: RegistryHealth;
  discover(parameters: DiscoverParameters): Promise<Candidate[]>;
  /**
   * Discovery in batches (see `discoverBatches`), so that selection can start once
   * `discoveryQuorum` servers are verified; without it, the pool waits for `discover`.
   */
  discoverBatches?(parameters: DiscoverParameters): AsyncIterable<Candidate[], void, undefined>;
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
}

/**
 * The client's known servers and its sticky choice among them.
 *
 * Discovery ({@link ProgressiveDiscovery}): candidates are verified batch by batch as discovery
 * finds them. Once `discoveryQuorum` of them are usable the pool stops waiting; the rest of the
 * DHT search runs in the background after the selection, and what it finds joins the pool. Only
 * verified, trusted servers (or custom ones) are ever selected.
 *
 * Selection ({@link chooseServer}): random among the fastest of the usable servers pinged; the
 * choice ({@link KnownServers}) is kept until it fails or is revoked. A cold selection starts its
 * first pings while the registry verifies the first batch ({@link EarlyProbe}), to the servers it
 * may contact before verification only: custom servers and nodes whose bootstrap record names a
 * provider the trust policy accepts. It still chooses only among the servers verification
 * accepted. When every server found so far fails, the selection waits for the rest of the discovery
 * and tries its servers.
 */
export class ServerPool {
  /** Servers that failed recently, kept out with exponential back-off. */
  readonly greyList: GreyList;
  private readonly servers: KnownServers;
  private readonly discovery: ProgressiveDiscovery;
  private selecting: Promise<Selection> | undefined;

  /** @param context - Host, options, events, verifier and the discover/verify actions. */
  constructor(private readonly context: ServerPoolContext) {
    this.servers = new KnownServers(context);
    this.greyList = this.servers.greyList;
    this.discovery = new ProgressiveDiscovery(context, this.servers);
  }

  /** The selected server, if one is selected. */
  get current(): Selection | undefined {
    return this.servers.current;
  }

  /** Every server the client knows, with its latest verdict. */
  get known(): readonly VerifiedCandidate[] {
    return this.servers.list;
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
    if (parameters.reselect === true) this.servers.unselect();
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
    void this.discovery.resume();
  }

  /**
   * Marks the known candidates as old, so that the next selection that is not sticky discovers
   * again (for instance once the registry is reachable and its servers can be found).
   */
  expireCandidates(): void {
    this.discovery.expireCandidates();
  }

  /**
   * Waits for the discovery the pool stopped waiting for (see `discoveryQuorum`) to end, and for
   * what it found to be verified and added. Resolves at once when none is running.
   *
   * @param signal - Stops waiting (the discovery goes on); the call then rejects with OperationAbortedError.
   */
  async settled(signal?: AbortSignal): Promise<void> {
    await this.discovery.settled(signal);
  }

  /**
   * Records that a server failed: grey-lists it, drops it as the selection, emits `server:failed`.
   *
   * @param server - The server.
   * @param error - What went wrong.
   * @returns When it may be tried again (milliseconds since the epoch).
   */
  fail(server: VerifiedCandidate, error: Error): number {
    return this.servers.fail(server, error);
  }

  /** @param server - A server that just worked; its grey-list record is cleared. */
  succeed(server: VerifiedCandidate): void {
    this.servers.succeed(server);
  }

  /**
   * Verifies every known server again, bypassing the cache, and drops those the registry no longer
   * trusts (closing the connection to the selected one). Called on registry events.
   */
  async recheck(): Promise<void> {
    await this.servers.recheck();
  }

  private async selectNow(signal: AbortSignal | undefined): Promise<Selection> {
    const sticky = await this.servers.sticky();
    if (sticky !== undefined) return sticky;
    // The first pings start while the registry verifies the first batch (see EarlyProbe).
    let early: EarlyProbe | undefined;
    try {
      await this.refreshNow({ signal }, (pool, greyListed) => {
        early = EarlyProbe.start(this.context, pool, greyListed, signal);
      });
      throwIfAborted(signal);
    } catch (err) {
      early?.abort();
      throw err;
    }
    try {
      return await this.choose(signal, early);
    } catch (err) {
      if (!(err instanceof NoServerAvailableError) || !this.discovery.running) throw err;
      // Every server found so far failed: the rest of the discovery may still find one.
      await this.settled(signal);
      return await this.choose(signal);
    } finally {
      // The selection's connections now serve as the DHT's entry points.
      void this.discovery.resume();
    }
  }

  private async refreshNow(
    parameters: { signal?: AbortSignal | undefined; force?: boolean },
    probeEarly?: ProbeEarly,
  ): Promise<void> {
    const usable = this.servers.list.some((s) => this.servers.usable(s));
    if (parameters.force === true || this.discovery.isOld() || !usable) {
      await this.discovery.untilQuorum(parameters.signal, probeEarly);
    } else {
      await this.servers.reverify();
    }
  }

  private async choose(signal: AbortSignal | undefined, early?: EarlyProbe): Promise<Selection> {
    const selection = await traced(
      "selection:choose",
      async () => chooseServer(this.context, this.servers, signal, early),
      (chosen) => ({ chosen: chosen !== undefined }),
    );
    if (selection !== undefined) return selection;
    throw noServerError({
      servers: this.servers.list,
      greyList: this.greyList,
      health: this.context.health,
      options: this.context.options,
      connected: this.context.host.getConnections().length > 0,
    });
  }
}
