import type { Libp2p } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { SkippedRecord } from "../discovery/bootstrapRecords.js";
import { SkippedRecords } from "../discovery/skippedRecords.js";
import { WaymarkEventTarget } from "../events.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import { createWaymarkHost } from "../kernel/p2p/createHost.js";
import type { RegistryClient } from "../kernel/registry/connect.js";
import type { WatchMode } from "../kernel/registry/registryWatcher.js";
import { RegistryWatcher } from "../kernel/registry/registryWatcher.js";
import { NodeVerifier } from "../kernel/registry/verifier.js";
import { serviceKey } from "../kernel/service/serviceKey.js";
import { traced } from "../kernel/trace/trace.js";
import type { ResolvedClientOptions, WaymarkClientOptions } from "../options/index.js";
import { resolveClientOptions } from "../options/index.js";
import { clientDiscovery } from "../selection/clientDiscovery.js";
import type { Selection } from "../selection/serverPool.js";
import { ServerPool } from "../selection/serverPool.js";
import { closeRegistry, openRegistry } from "../verification/openRegistry.js";
import type { QuorumMember } from "../verification/quorum.js";
import { QuorumRegistries } from "../verification/quorumRegistries.js";
import { RegistryConnection } from "../verification/registryConnection.js";
import type { RegistryStatus } from "../verification/registryHealth.js";
import { RegistryHealth } from "../verification/registryHealth.js";

/**
 * A Waymark client's context: its options, libp2p host, node verifier, server pool, registry
 * connection and health, and its lifecycle; no action of its own. Decorators add the actions
 * ({@link WaymarkClientContext.extend}); {@link createWaymarkClient} gives the client with every
 * one of them. Emits the typed events of {@link WaymarkClientEvents}.
 *
 * Make one with {@link createClient}; stop it with {@link WaymarkClientContext.stop}.
 */
export class WaymarkClientContext extends WaymarkEventTarget {
  /** Every option, with defaults applied. */
  readonly options: ResolvedClientOptions;
  /** The client's libp2p host (DHT in client mode). */
  readonly host: Libp2p<BaseServices>;
  /** The cached node verifier. */
  readonly verifier: NodeVerifier;
  /** Known servers and the sticky selection. */
  readonly pool: ServerPool;
  /** The registry's health: whether it is connected and answers. The one place that knows. */
  readonly health: RegistryHealth;
  /**
   * With a quorum of curators (`trust.registries`): the registries, each with its own verifier,
   * which decide instead of {@link WaymarkClientContext.verifier}. Undefined with one registry.
   */
  readonly quorumMembers: readonly QuorumMember[] | undefined;
  private readonly quorum: QuorumRegistries | undefined;
  private readonly connection: RegistryConnection;
  private watcher: RegistryWatcher | undefined;
  /** Settles once the watcher has read the block it watches from (never rejects). */
  private watching: Promise<void> = Promise.resolve();
  private started = false;
  /** Whether `registry:unavailable` was emitted since the registry last connected. */
  private unavailableReported = false;
  private key: CID | undefined;
  private readonly stopController = new AbortController();
  private readonly skippedRecords: SkippedRecords;
  private readonly ownsHost: boolean;
  private readonly children = new Set<{ stop(): Promise<void> }>();

  /** @internal Use {@link createClient}. */
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
        this.health.connected();
        this.attach(registry);
        // Registry servers can be found now: the next selection discovers again.
        this.pool.expireCandidates();
        this.emit("registry:connected", { chainId: registry.chainId });
      },
      onFailure: (error) => {
        this.health.connectionFailed(error);
      },
      close: (registry) => {
        closeRegistry(registry, options);
      },
    });
    this.verifier = new NodeVerifier(async () => this.registryToVerify(), {
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
    this.quorum =
      options.trust.quorum === undefined
        ? undefined
        : new QuorumRegistries({
            options,
            onEvents: async () => this.pool.recheck(),
            onUnavailable: (registry, error) => {
              this.emit("quorum:unavailable", { registry, error });
            },
            onAvailable: (registry) => {
              this.emit("quorum:available", { registry });
            },
          });
    this.quorumMembers = this.quorum?.members;
    this.pool = new ServerPool({
      host: this.host,
      options: this.options,
      events: this,
      verifier: this.verifier,
      health: this.health,
      ...clientDiscovery(this),
    });
    if (parts.registry !== undefined) {
      this.health.connected();
      this.attach(parts.registry);
    }
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
    const error = this.health.unavailable;
    if (registry === undefined && error !== undefined && !this.unavailableReported) {
      this.unavailableReported = true;
      this.emit("registry:unavailable", { error });
    }
    return registry;
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
   * A signal for work the client runs: it aborts when `parent` does, and when the client stops.
   *
   * @param parent - The caller's signal, if any.
   * @returns The signal.
   */
  signal(parent?: AbortSignal): AbortSignal {
    return parent === undefined
      ? this.stopController.signal
      : AbortSignal.any([parent, this.stopController.signal]);
  }

  /** The selected server, if any. */
  get current(): Selection | undefined {
    return this.pool.current;
  }

  /** Whether the registry answers, and since when verification is stale if not. */
  get registryStatus(): RegistryStatus {
    return this.health.status();
  }

  /**
   * How the client learns of registry events: `subscribed` (a `ws://` RPC URL whose subscription
   * stands), `polling`, or undefined while it does not watch them (no registry yet, `watchRegistry`
   * off).
   */
  get watchMode(): WatchMode | undefined {
    return this.watcher?.mode;
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
   * Adds actions to the client: calls `decorator` with it and copies what it returns onto it (the
   * client stays the same object, an event target). viem's `client.extend`.
   *
   * @param decorator - Returns the actions, bound to the client (e.g. `coreActions`, `mailActions`).
   * @returns The same client, with the actions.
   * @example
   * ```ts
   * const client = (await createClient(options)).extend(coreActions).extend(mailActions);
   * ```
   */
  extend<const T extends object>(decorator: (client: this) => T): this & T {
    return Object.assign(this, decorator(this));
  }

  /**
   * Ties another client's life to this one: it is stopped (before this client's host) when this
   * client stops. For clients of other services that share this client's host.
   *
   * @param child - The client to stop with this one.
   */
  own(child: { stop(): Promise<void> }): void {
    this.children.add(child);
  }

  /**
   * Stops the clients it owns, the watcher and the background registry connection, aborts
   * everything in flight, and stops the host and RPC connection it made.
   */
  async stop(): Promise<void> {
    this.stopController.abort(new Error("the client was stopped"));
    this.started = false;
    await Promise.allSettled([...this.children].map(async (child) => child.stop()));
    this.children.clear();
    await this.watcher?.stop();
    await this.quorum?.stop();
    this.connection.stop();
    if (this.ownsHost) await this.host.stop();
  }

  /**
   * @internal Starts the registry watcher, or the background registry connection. The watcher
   * reads the chain's head in the background: the first verification waits for it instead (it comes
   * after the registry's records are read, so the two round trips overlap).
   */
  start(): void {
    this.started = true;
    this.connection.start();
    this.quorum?.start();
    this.startWatcher();
  }

  /** Starts using a registry connection: the event watcher, when events are watched. */
  private attach(registry: RegistryClient): void {
    this.unavailableReported = false;
    if (!this.options.watchRegistry || this.watcher !== undefined) return;
    this.watcher = new RegistryWatcher(registry, {
      intervalMs: this.options.watchIntervalMs,
      subscribe: this.options.watchSubscribe,
      socketTimeoutMs: this.options.rpcTimeoutMs,
      maxBlockAgeMs: this.options.maxBlockAgeMs,
      onMode: (mode, reason) => {
        this.emit("registry:watching", { mode, reason });
      },
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
    if (this.started) this.startWatcher();
  }

  /**
   * The registry connection for a verification, once the watcher has read the block it watches
   * from: no verification answers for a block whose events the watcher would not follow.
   */
  private async registryToVerify(): Promise<RegistryClient> {
    const registry = await this.connection.get();
    await this.watching;
    return registry;
  }

  private startWatcher(): void {
    const watcher = this.watcher;
    if (watcher === undefined) return;
    // The watcher reports its own failures (through the health); none may hold verification.
    this.watching = traced("client:watch", async () => watcher.start()).catch(() => undefined);
  }
}

/**
 * Creates a Waymark client's context: connects to the registry (checking that it answers, on
 * `chainId` when given, and that trusted providers exist), starts a libp2p host with the DHT in
 * client mode, and starts watching registry events. It has no action: add them with
 * {@link WaymarkClientContext.extend}, or use {@link createWaymarkClient}, which adds them all.
 *
 * With custom servers the client needs no chain to start: it connects to the registry in the
 * background, retrying while the chain RPC does not answer, and meanwhile uses the custom servers
 * (registry servers are unavailable: `registry:unavailable`, `registryStatus.connected`).
 *
 * @param options - RPC URL, registry address, service, trust policy, custom servers and tuning;
 * every optional field is documented with its default on {@link WaymarkClientOptions}.
 * @returns The running context.
 * @throws RpcUnreachableError when the chain RPC does not answer (and no custom server is given).
 * @throws RegistryNotFoundError when no registry is deployed at the address (likewise).
 * @throws RegistryRevertError `RegistryUnknownProvider` when a trusted provider does not exist (likewise).
 * @example
 * ```ts
 * const client = (await createClient({ rpcUrl, registry })).extend(coreActions);
 * const { server } = await client.select();
 * await client.stop();
 * ```
 */
export async function createClient(options: WaymarkClientOptions): Promise<WaymarkClientContext> {
  const resolved = resolveClientOptions(options);
  // The registry connection and the host do not depend on each other: both start at once.
  // Without custom servers a client can do nothing without the registry: say so at once.
  const opening =
    resolved.customServers.length === 0
      ? traced("client:registry", async () => openRegistry(resolved))
      : Promise.resolve(undefined);
  // Its rejection is read below; none is unhandled meanwhile.
  opening.catch(() => undefined);
  // The registry's request is written once its socket connects, on a later turn of the event loop;
  // the host's set-up holds the thread for milliseconds, so it starts after that turn.
  if (resolved.host === undefined) await new Promise((resolve) => setImmediate(resolve));
  const [opened, started] = await Promise.allSettled([
    opening,
    resolved.host === undefined
      ? traced("client:host", async () =>
          createWaymarkHost({
            // Discovery waits for its entry points to be in the routing table instead.
            dhtSkipInitialSelfQuery: true,
            dhtInitialSelfQueryDelayMs: 0,
            ...resolved.hostInit,
            dhtClientMode: true,
          }),
        )
      : Promise.resolve(resolved.host),
  ]);
  const registry = opened.status === "fulfilled" ? opened.value : undefined;
  const host = started.status === "fulfilled" ? started.value : undefined;
  try {
    // The registry's error first: it is what the user can act on.
    if (opened.status === "rejected") throw opened.reason;
    if (started.status === "rejected") throw started.reason;
    const client = new WaymarkClientContext({
      options: resolved,
      registry,
      host: started.value,
      ownsHost: resolved.host === undefined,
    });
    client.start();
    return client;
  } catch (err) {
    if (resolved.host === undefined) await host?.stop();
    if (registry !== undefined) closeRegistry(registry, resolved);
    throw err;
  }
}
