import type { Libp2p } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { SkippedRecord } from "./discovery/bootstrapRecords.js";
import type { Candidate } from "./discovery/candidate.js";
import type { DiscoverParameters } from "./discovery/discover.js";
import { discover, discoverBatches } from "./discovery/discover.js";
import { SkippedRecords } from "./discovery/skippedRecords.js";
import { WaymarkEventTarget } from "./events.js";
import type { HistoryPage, HistoryParameters } from "./mail/history.js";
import { history } from "./mail/history.js";
import type { SendOptions, SendReturnType } from "./mail/send.js";
import { send } from "./mail/send.js";
import type { ResolvedClientOptions, WaymarkClientOptions } from "./options/index.js";
import { resolveClientOptions } from "./options/index.js";
import type { BaseServices } from "./kernel/p2p/createHost.js";
import { createWaymarkHost } from "./kernel/p2p/createHost.js";
import type { RegistryClient } from "./kernel/registry/connect.js";
import { NodeVerifier } from "./kernel/registry/verifier.js";
import type { ProbeResult } from "./selection/probe.js";
import { probeCandidates } from "./selection/probe.js";
import type { SelectParameters, Selection } from "./selection/serverPool.js";
import { ServerPool } from "./selection/serverPool.js";
import type { ServerOperation, WithFailoverOptions } from "./selection/withFailover.js";
import { withFailover } from "./selection/withFailover.js";
import { serviceKey } from "./kernel/service/serviceKey.js";
import { closeRegistry, openRegistry } from "./verification/openRegistry.js";
import { RegistryConnection } from "./verification/registryConnection.js";
import { RegistryHealth } from "./verification/registryHealth.js";
import { RegistryWatcher } from "./kernel/registry/registryWatcher.js";
import type { VerifiedCandidate } from "./verification/types.js";
import { verifyCandidates } from "./verification/verifyCandidates.js";

/** The registry's health as the client sees it. */
export interface RegistryStatus {
  /**
   * True once the client is connected to the registry. A client with custom servers starts
   * without it and connects in the background; until then registry servers are unavailable.
   */
  connected: boolean;
  /** True while the chain RPC does not answer: the verifications in use are stale. */
  stale: boolean;
  /** When the registry last answered (milliseconds since the epoch), if it ever did. */
  lastAnswerAt: number | undefined;
  /** How long stale verifications stay usable, in milliseconds. */
  staleGraceMs: number;
  /**
   * Why registry servers are unavailable or stale (`RpcUnreachableError`, `StaleChainError`,
   * `RegistryUnavailableError`, …), while they are.
   */
  error: Error | undefined;
}

/**
 * A Waymark client: discovers servers of one service, verifies them against the registry under the
 * user's trust policy, selects one (random among the fastest verified), fails over, and drops
 * revoked servers at once. Emits the typed events of {@link WaymarkClientEvents}.
 *
 * Make one with {@link createWaymarkClient}; stop it with {@link WaymarkClient.stop}.
 */
export class WaymarkClient extends WaymarkEventTarget {
  /** Every option, with defaults applied. */
  readonly options: ResolvedClientOptions;
  /** The client's libp2p host (DHT in client mode). */
  readonly host: Libp2p<BaseServices>;
  /** The cached node verifier. */
  readonly verifier: NodeVerifier;
  /** Known servers and the sticky selection. */
  readonly pool: ServerPool;
  private readonly health: RegistryHealth;
  private readonly connection: RegistryConnection;
  private watcher: RegistryWatcher | undefined;
  private started = false;
  /** Whether `registry:unavailable` was emitted since the registry last connected. */
  private unavailableReported = false;
  private key: CID | undefined;
  private readonly stopController = new AbortController();
  private readonly skippedRecords: SkippedRecords;
  private readonly ownsHost: boolean;

  /** @internal Use {@link createWaymarkClient}. */
  constructor(parts: {
    options: ResolvedClientOptions;
    /** The registry connection, when it was made before; otherwise one is made in the background. */
    registry: RegistryClient | undefined;
    host: Libp2p<BaseServices>;
    ownsHost: boolean;
  }) {
    super();
    const { options } = parts;
    this.options = options;
    this.host = parts.host;
    this.ownsHost = parts.ownsHost;
    this.skippedRecords = new SkippedRecords(this, 4 * options.maxBootstrapRecords);
    this.health = new RegistryHealth(this, options.staleGraceMs);
    this.connection = new RegistryConnection({
      client: parts.registry,
      connect: async () => openRegistry(options),
      onConnect: (registry) => {
        this.attach(registry);
        // Registry servers can be found now: the next selection discovers again.
        this.pool.expireCandidates();
        this.emit("registry:connected", { chainId: registry.chainId });
      },
      close: (registry) => {
        closeRegistry(registry, options);
      },
    });
    this.verifier = new NodeVerifier(async () => this.connection.get(), {
      service: options.service,
      trustedProviders: options.trust.providers === "default" ? [] : options.trust.providers,
      cacheTtlMs: options.verificationTtlMs,
      staleGraceMs: options.staleGraceMs,
      maxBlockAgeMs: options.maxBlockAgeMs,
      // Only real registry answers move the health; answers from the cache never do.
      onAnswer: (at) => {
        this.health.answered(at);
      },
      onFailure: (error, at) => {
        this.health.failed(error, at);
      },
    });
    this.pool = new ServerPool({
      host: this.host,
      options: this.options,
      events: this,
      verifier: this.verifier,
      health: this.health,
      registryUnavailable: () => this.connection.error,
      discover: async (parameters) => this.discover(parameters),
      discoverBatches: (parameters) => this.discoverBatches(parameters),
      verify: async (candidates) => this.verify(candidates),
    });
    if (parts.registry !== undefined) this.attach(parts.registry);
  }

  /** The registry connection (with the signer, when one was given), once the client has one. */
  get registry(): RegistryClient | undefined {
    return this.connection.client;
  }

  /**
   * The DHT key the service's nodes announce; known once the chain id is (from the `chainId`
   * option, or from the registry's chain).
   */
  get serviceKey(): CID | undefined {
    if (this.key !== undefined) return this.key;
    const chainId = this.options.chainId ?? this.registry?.chainId;
    if (chainId === undefined) return undefined;
    this.key = serviceKey({ chainId, registry: this.options.registry, service: this.options.service });
    return this.key;
  }

  /**
   * The registry connection for a discovery: waits for an attempt under way (at most until
   * `signal` aborts); when there is none, emits `registry:unavailable` (once until it connects).
   * Used by discovery.
   *
   * @param signal - Stops waiting.
   * @returns The connection, or undefined when registry servers are unavailable.
   */
  async connectRegistry(signal?: AbortSignal): Promise<RegistryClient | undefined> {
    const registry = await this.connection.settle(signal);
    const error = this.connection.error;
    if (registry === undefined && error !== undefined && !this.unavailableReported) {
      this.unavailableReported = true;
      this.emit("registry:unavailable", { error });
    }
    return registry;
  }

  /**
   * Finds candidate servers in the DHT (within the time budget), plus the registry's bootstrap
   * records and the custom servers. See {@link discover}.
   *
   * @param parameters - Time budget and abort signal.
   * @returns The candidates, unverified.
   */
  async discover(parameters: DiscoverParameters = {}): Promise<Candidate[]> {
    return discover(this, { ...parameters, signal: this.withStop(parameters.signal) });
  }

  /**
   * Finds candidate servers in batches as they become known: first the registry's bootstrap
   * records and the custom servers, then each DHT answer's new providers. See {@link discoverBatches}.
   *
   * @param parameters - Time budget (for the whole iteration) and abort signal; the client's stop
   * always aborts it.
   * @returns The batches, unverified.
   */
  discoverBatches(parameters: DiscoverParameters = {}): AsyncGenerator<Candidate[], void, undefined> {
    return discoverBatches(this, { ...parameters, signal: this.withStop(parameters.signal) });
  }

  /**
   * Verifies candidates under the trust policy in one registry call. See {@link verifyCandidates}.
   *
   * @param candidates - From {@link WaymarkClient.discover} or elsewhere.
   * @returns One verified candidate per candidate, in order.
   */
  async verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]> {
    return verifyCandidates(this, { candidates });
  }

  /**
   * Reports a bootstrap record discovery had to skip, once per record content: a debug log line
   * and a `bootstrap:skipped` event. Used by discovery.
   *
   * @param record - The record and why it was skipped.
   */
  onSkippedRecord(record: SkippedRecord): void {
    this.skippedRecords.report(record);
  }

  /**
   * Pings candidates in parallel and measures their round trip.
   *
   * @param candidates - Candidates to ping.
   * @param options - Per-ping time limit (default `probeTimeoutMs`) and abort signal.
   * @returns One result per candidate.
   */
  async probe<T extends Candidate>(
    candidates: readonly T[],
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ProbeResult<T>[]> {
    return probeCandidates(this, {
      candidates,
      timeoutMs: options.timeoutMs ?? this.options.probeTimeoutMs,
      signal: this.withStop(options.signal),
    });
  }

  /**
   * The selected server: sticky until it fails or is revoked; otherwise a new choice, uniformly
   * random among the verified, reachable servers about as fast as the fastest of a random sample.
   *
   * @param parameters - Abort signal; `reselect` to choose again.
   * @returns The selection.
   * @throws NoServerAvailableError when no verified server is reachable.
   * @example
   * ```ts
   * const { server, rttMs } = await client.select();
   * console.log(server.peerId, server.custom ? "custom" : `provider ${server.providerId}`, rttMs);
   * ```
   */
  async select(parameters: SelectParameters = {}): Promise<Selection> {
    return this.pool.select({ ...parameters, signal: this.withStop(parameters.signal) });
  }

  /** The selected server, if any. */
  get current(): Selection | undefined {
    return this.pool.current;
  }

  /** Whether the registry answers, and since when verification is stale if not. */
  get registryStatus(): RegistryStatus {
    return {
      connected: this.registry !== undefined,
      stale: this.health.stale,
      lastAnswerAt: this.health.lastAnswerAt,
      staleGraceMs: this.options.staleGraceMs,
      error: this.connection.error ?? this.health.error,
    };
  }

  /**
   * Runs an operation on the selected server, failing over to another on failure. The mail API
   * uses it; other services' clients can too.
   *
   * @param operation - Called with the server and a signal carrying the time limit.
   * @param options - Signal, time limit, attempts, error classification.
   * @returns What the operation returned.
   */
  async withServer<T>(operation: ServerOperation<T>, options: WithFailoverOptions = {}): Promise<T> {
    return withFailover(this.pool, this.options, operation, {
      ...options,
      signal: this.withStop(options.signal),
    });
  }

  /**
   * Sends a message through the selected mail server, failing over on failure. See {@link send}.
   *
   * @param topic - Routing topic.
   * @param payload - Bytes or UTF-8 text.
   * @param options - `encryptTo` a recipient public key, ttl, timestamp, signal.
   * @returns The envelope id and the server that committed it.
   */
  async send(
    topic: string,
    payload: Uint8Array | string,
    options: SendOptions = {},
  ): Promise<SendReturnType> {
    return send(this, topic, payload, options);
  }

  /**
   * Reads history as an async iterator over pages. See {@link history}.
   *
   * @param parameters - Topics, from, to, page size, direction, decryption key, signal.
   * @returns The pages.
   * @example
   * ```ts
   * for await (const page of client.history({ topics: ["/chat/1"], pageSize: 20 })) show(page.messages);
   * ```
   */
  history(parameters: HistoryParameters = {}): AsyncGenerator<HistoryPage, void, undefined> {
    return history(this, parameters);
  }

  /**
   * Checks the registry's event log now instead of waiting for the next poll.
   *
   * @returns When the new events have been applied.
   */
  async pollRegistry(): Promise<void> {
    await this.watcher?.poll();
  }

  /**
   * Stops the watcher and the background registry connection, aborts everything in flight, and
   * stops the host and RPC connection it made.
   */
  async stop(): Promise<void> {
    this.stopController.abort(new Error("the client was stopped"));
    this.started = false;
    await this.watcher?.stop();
    this.connection.stop();
    if (this.ownsHost) await this.host.stop();
  }

  /** @internal Starts the registry watcher, or the background registry connection. */
  async start(): Promise<void> {
    this.started = true;
    this.connection.start();
    await this.watcher?.start();
  }

  /** Starts using a registry connection: the event watcher, when events are watched. */
  private attach(registry: RegistryClient): void {
    this.unavailableReported = false;
    if (!this.options.watchRegistry || this.watcher !== undefined) return;
    this.watcher = new RegistryWatcher(registry, {
      intervalMs: this.options.watchIntervalMs,
      maxBlockAgeMs: this.options.maxBlockAgeMs,
      onEvents: async () => this.pool.recheck(),
      onReachable: () => {
        this.health.answered();
      },
      onUnreachable: (error) => {
        // What the verifier holds is stale too, until the registry answers it again.
        this.verifier.markUnavailable();
        this.health.failed(error);
      },
    });
    if (this.started) void this.watcher.start();
  }

  private withStop(signal: AbortSignal | undefined): AbortSignal {
    return signal === undefined
      ? this.stopController.signal
      : AbortSignal.any([signal, this.stopController.signal]);
  }
}

/**
 * Creates a Waymark client: connects to the registry (checking that it answers, on `chainId` when
 * given, and that trusted providers exist), starts a libp2p host with the DHT in client mode, and
 * starts watching registry events. Nothing is discovered until the first `discover()`, `select()`
 * or request.
 *
 * With custom servers the client needs no chain to start: it connects to the registry in the
 * background, retrying while the chain RPC does not answer, and meanwhile uses the custom servers
 * (registry servers are unavailable: `registry:unavailable`, `registryStatus.connected`).
 *
 * @param options - RPC URL, registry address, service, trust policy, custom servers and tuning;
 * every optional field is documented with its default on {@link WaymarkClientOptions}.
 * @returns The running client.
 * @throws RpcUnreachableError when the chain RPC does not answer (and no custom server is given).
 * @throws RegistryNotFoundError when no registry is deployed at the address (likewise).
 * @throws RegistryRevertError `RegistryUnknownProvider` when a trusted provider does not exist (likewise).
 * @example
 * ```ts
 * const client = await createWaymarkClient({ rpcUrl, registry, trust: { providers: [2n] } });
 * client.addEventListener("server:revoked", (e) => console.warn("dropped", e.detail.server.peerId));
 * const { server } = await client.select();
 * await client.stop();
 * ```
 */
export async function createWaymarkClient(options: WaymarkClientOptions): Promise<WaymarkClient> {
  const resolved = resolveClientOptions(options);
  // Without custom servers a client can do nothing without the registry: say so at once.
  const registry = resolved.customServers.length === 0 ? await openRegistry(resolved) : undefined;
  let host: Libp2p<BaseServices> | undefined;
  try {
    host =
      resolved.host ??
      (await createWaymarkHost({
        dhtInitialSelfQueryDelayMs: 0,
        ...resolved.hostInit,
        dhtClientMode: true,
      }));
    const client = new WaymarkClient({
      options: resolved,
      registry,
      host,
      ownsHost: resolved.host === undefined,
    });
    await client.start();
    return client;
  } catch (err) {
    if (resolved.host === undefined) await host?.stop();
    if (registry !== undefined) closeRegistry(registry, resolved);
    throw err;
  }
}
