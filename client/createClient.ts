import type { Libp2p } from "@libp2p/interface";
import { logger } from "@libp2p/logger";
import { JsonRpcProvider } from "ethers";
import type { CID } from "multiformats/cid";

import type { SkippedRecord } from "./discovery/bootstrapRecords.js";
import type { Candidate } from "./discovery/candidate.js";
import type { DiscoverParameters } from "./discovery/discover.js";
import { discover, discoverBatches } from "./discovery/discover.js";
import { ReportOnce } from "./discovery/reportOnce.js";
import { WaymarkEventTarget } from "./events.js";
import type { HistoryPage, HistoryParameters } from "./mail/history.js";
import { history } from "./mail/history.js";
import type { SendOptions, SendReturnType } from "./mail/send.js";
import { send } from "./mail/send.js";
import type { ResolvedClientOptions, WaymarkClientOptions } from "./options.js";
import { resolveClientOptions } from "./options.js";
import type { BaseServices } from "./p2p/createHost.js";
import { createWaymarkHost } from "./p2p/createHost.js";
import type { RegistryClient } from "./registry/connect.js";
import { connectRegistry } from "./registry/connect.js";
import { getProvider } from "./registry/providers.js";
import { NodeVerifier } from "./registry/verifier.js";
import type { ProbeResult } from "./selection/probe.js";
import { probeCandidates } from "./selection/probe.js";
import type { SelectParameters, Selection } from "./selection/serverPool.js";
import { ServerPool } from "./selection/serverPool.js";
import type { ServerOperation, WithFailoverOptions } from "./selection/withFailover.js";
import { withFailover } from "./selection/withFailover.js";
import { serviceKey } from "./service/serviceKey.js";
import { RegistryHealth } from "./verification/registryHealth.js";
import { RegistryWatcher } from "./verification/registryWatcher.js";
import type { VerifiedCandidate } from "./verification/types.js";
import { verifyCandidates } from "./verification/verifyCandidates.js";

const log = logger("waymark:client");

/** The registry's health as the client sees it. */
export interface RegistryStatus {
  /** True while the chain RPC does not answer: the verifications in use are stale. */
  stale: boolean;
  /** When the registry last answered (milliseconds since the epoch), if it ever did. */
  lastAnswerAt: number | undefined;
  /** How long stale verifications stay usable, in milliseconds. */
  staleGraceMs: number;
  /** Why the registry is stale (`RpcUnreachableError`, `StaleChainError`, …), while it is. */
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
  /** The registry connection (with the signer, when one was given). */
  readonly registry: RegistryClient;
  /** The client's libp2p host (DHT in client mode). */
  readonly host: Libp2p<BaseServices>;
  /** The DHT key the service's nodes announce. */
  readonly serviceKey: CID;
  /** The cached node verifier. */
  readonly verifier: NodeVerifier;
  /** Known servers and the sticky selection. */
  readonly pool: ServerPool;
  private readonly health: RegistryHealth;
  private readonly watcher: RegistryWatcher | undefined;
  private readonly stopController = new AbortController();
  private readonly skippedRecords: ReportOnce;
  private readonly ownsHost: boolean;
  private readonly ownsProvider: boolean;

  /** @internal Use {@link createWaymarkClient}. */
  constructor(parts: {
    options: ResolvedClientOptions;
    registry: RegistryClient;
    host: Libp2p<BaseServices>;
    ownsHost: boolean;
  }) {
    super();
    this.options = parts.options;
    this.registry = parts.registry;
    this.host = parts.host;
    this.ownsHost = parts.ownsHost;
    this.ownsProvider = parts.options.provider === undefined;
    this.serviceKey = serviceKey({
      chainId: parts.registry.chainId,
      registry: parts.registry.address,
      service: parts.options.service,
    });
    this.skippedRecords = new ReportOnce(4 * parts.options.maxBootstrapRecords);
    this.health = new RegistryHealth(this, parts.options.staleGraceMs);
    this.verifier = new NodeVerifier(parts.registry, {
      service: parts.options.service,
      trustedProviders: parts.options.trust.providers === "default" ? [] : parts.options.trust.providers,
      cacheTtlMs: parts.options.verificationTtlMs,
      staleGraceMs: parts.options.staleGraceMs,
      maxBlockAgeMs: parts.options.maxBlockAgeMs,
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
      discover: async (parameters) => this.discover(parameters),
      discoverBatches: (parameters) => this.discoverBatches(parameters),
      verify: async (candidates) => this.verify(candidates),
    });
    this.watcher = parts.options.watchRegistry
      ? new RegistryWatcher(parts.registry, {
          intervalMs: parts.options.watchIntervalMs,
          maxBlockAgeMs: parts.options.maxBlockAgeMs,
          onEvents: async () => this.pool.recheck(),
          onReachable: () => {
            this.health.answered();
          },
          onUnreachable: (error) => {
            // What the verifier holds is stale too, until the registry answers it again.
            this.verifier.markUnavailable();
            this.health.failed(error);
          },
        })
      : undefined;
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
   * Reports a bootstrap record discovery had to skip, once per record content: logged, and emitted
   * as `bootstrap:skipped`. Used by discovery.
   *
   * @param record - The record and why it was skipped.
   */
  onSkippedRecord(record: SkippedRecord): void {
    const key = [record.node, record.providerId, ...record.published].join("\n");
    if (!this.skippedRecords.first(key)) return;
    log(
      "skipped %s bootstrap record of node %s (provider %s): %s",
      record.whole ? "the" : "part of the",
      record.node,
      record.providerId,
      record.reasons.join("; "),
    );
    this.emit("bootstrap:skipped", {
      node: record.node,
      providerId: record.providerId,
      reasons: record.reasons,
      whole: record.whole,
    });
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
      stale: this.health.stale,
      lastAnswerAt: this.health.lastAnswerAt,
      staleGraceMs: this.options.staleGraceMs,
      error: this.health.error,
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

  /** Stops the watcher, aborts everything in flight, and stops the host and RPC connection it made. */
  async stop(): Promise<void> {
    this.stopController.abort(new Error("the client was stopped"));
    await this.watcher?.stop();
    if (this.ownsHost) await this.host.stop();
    if (this.ownsProvider && this.registry.provider instanceof JsonRpcProvider)
      this.registry.provider.destroy();
  }

  /** @internal Starts the registry watcher. */
  async start(): Promise<void> {
    await this.watcher?.start();
  }

  private withStop(signal: AbortSignal | undefined): AbortSignal {
    return signal === undefined
      ? this.stopController.signal
      : AbortSignal.any([signal, this.stopController.signal]);
  }
}

/**
 * Creates a Waymark client: connects to the registry (checking that it answers and that trusted
 * providers exist), starts a libp2p host with the DHT in client mode, and starts watching registry
 * events. Nothing is discovered until the first `discover()`, `select()` or request.
 *
 * @param options - RPC URL, registry address, service, trust policy, custom servers and tuning;
 * every optional field is documented with its default on {@link WaymarkClientOptions}.
 * @returns The running client.
 * @throws RpcUnreachableError when the chain RPC does not answer.
 * @throws RegistryNotFoundError when no registry is deployed at the address.
 * @throws RegistryRevertError `RegistryUnknownProvider` when a trusted provider does not exist.
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
  const registry = await connectRegistry({
    rpcUrl: resolved.rpcUrl,
    provider: resolved.provider,
    address: resolved.registry,
    signer: resolved.signer,
    requestTimeoutMs: resolved.rpcTimeoutMs,
  });
  let host: Libp2p<BaseServices> | undefined;
  try {
    if (resolved.trust.providers !== "default") {
      for (const id of resolved.trust.providers) await getProvider(registry, id);
    }
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
    if (resolved.provider === undefined && registry.provider instanceof JsonRpcProvider) {
      registry.provider.destroy();
    }
    throw err;
  }
}
