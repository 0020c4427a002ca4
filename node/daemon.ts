import { once } from "node:events";
import { mkdir } from "node:fs/promises";

import type { AbortOptions, PeerId } from "@libp2p/interface";
import { TypedEventEmitter } from "@libp2p/interface";
import type { CID } from "multiformats/cid";
import type { Logger } from "pino";

import type { Announcement, Announcer } from "./announce/announcer.js";
import { startAnnouncer } from "./announce/startAnnouncer.js";
import { parseNodeConfig } from "./config/resolve.js";
import type { NodeConfig, NodeConfigInput } from "./config/types.js";
import { NodeStateError } from "./errors/node.js";
import type { Bootstrapper } from "./host/bootstrapper.js";
import type { NodeHost } from "./host/createNodeHost.js";
import { createNodeHost } from "./host/createNodeHost.js";
import type { NodeDatastore } from "./host/datastore.js";
import { openDatastore } from "./host/datastore.js";
import { startBootstrap } from "./host/startBootstrap.js";
import { loadNodeIdentity } from "./keys/loadIdentity.js";
import type { NodeIdentity } from "./keys/nodeKeyStore.js";
import { createLogger } from "./logging/createLogger.js";
import type { WaymarkNodeEvents, WaymarkNodeOptions } from "./nodeTypes.js";
import type { ChainScope } from "./registration/chainScope.js";
import { createRegistryLink, resolveChainScope } from "./registration/chainScope.js";
import { followRegistryChanges, ownRegistrationMonitor } from "./registration/ownRegistration.js";
import type { RegistrationMonitor, RegistrationState } from "./registration/registrationMonitor.js";
import type { RegistryLink } from "./registration/registryLink.js";
import { collectRuntimes, prepareServices } from "./services/prepareServices.js";
import type { NodeServiceRuntime } from "./services/types.js";
import { collectStatus } from "./status/collectStatus.js";
import type { NodeMetrics } from "./status/metrics.js";
import type { NodeState, NodeStatus } from "./status/nodeStatus.js";
import type { StatusServer } from "./status/statusServer.js";
import { startStatusParts } from "./status/startStatusParts.js";

export type { WaymarkNodeEvents, WaymarkNodeOptions } from "./nodeTypes.js";

/**
 * A Waymark server node: its identity, its libp2p host in DHT server mode with a persistent
 * datastore, bootstrap from configuration and from the registry, announcement of its service key,
 * the check of its own registration, the mounted services and the HTTP status server.
 *
 * @example
 * ```ts
 * const node = await startNode({ registry, rpcUrl, dataDir, listen: ["/ip4/0.0.0.0/tcp/4001"] }, { modules });
 * console.log(node.status().registration.verdict);
 * await node.stop();
 * ```
 */
export class WaymarkNode extends TypedEventEmitter<WaymarkNodeEvents> {
  /** The validated configuration. */
  readonly config: NodeConfig;
  /** The node's logger. */
  readonly logger: Logger;
  private readonly options: WaymarkNodeOptions;
  private readonly controller = new AbortController();
  private lifecycle: NodeState | "created" = "created";
  private startedAt = Date.now();
  private stopping: Promise<void> | undefined;
  private identity: NodeIdentity | undefined;
  private metrics: NodeMetrics | undefined;
  private statusServer: StatusServer | undefined;
  private link: RegistryLink | undefined;
  private chain: ChainScope | undefined;
  private datastore: NodeDatastore | undefined;
  private host: NodeHost | undefined;
  private runtimes = new Map<string, NodeServiceRuntime>();
  private monitor: RegistrationMonitor | undefined;
  private bootstrapper: Bootstrapper | undefined;
  private announcer: Announcer | undefined;
  private stopWatching: (() => Promise<void>) | undefined;

  /**
   * @param config - The configuration (validated here; see `NodeConfig` for every option).
   * @param options - Modules, logger, key.
   * @throws InvalidConfigError naming the first invalid option.
   */
  constructor(config: NodeConfigInput, options: WaymarkNodeOptions = {}) {
    super();
    this.config = parseNodeConfig(config);
    this.options = options;
    this.logger =
      options.logger ?? createLogger({ level: this.config.logLevel, format: this.config.logFormat });
  }

  /** Where the node is in its life. */
  get state(): NodeState | "created" {
    return this.lifecycle;
  }

  /** The node's peer id (after start). */
  get peerId(): PeerId {
    return this.require(this.identity, "peerId").peerId;
  }

  /** The node address: the Ethereum address of its key, as the registry knows it (after start). */
  get nodeAddress(): string {
    return this.require(this.identity, "nodeAddress").nodeAddress;
  }

  /** The libp2p host (after start). */
  get libp2p(): NodeHost {
    return this.require(this.host, "libp2p");
  }

  /** The DHT key the node announces, once its chain id is known. */
  get serviceKey(): CID | undefined {
    return this.chain?.key;
  }

  /** Base URL of the status server, when it runs. */
  get statusUrl(): string | undefined {
    return this.statusServer?.url;
  }

  /** The node's registration as last checked. */
  get registration(): RegistrationState | undefined {
    return this.monitor?.state;
  }

  /**
   * Starts the node. Resolves once the host runs, the services are mounted and, when the chain
   * answers, the registration was checked; the announcement follows once every service is ready.
   * Invalid configuration, an unusable key or a locked data directory reject; an unreachable chain
   * does not.
   */
  async start(): Promise<void> {
    if (this.lifecycle !== "created")
      throw new NodeStateError(`cannot start a node that is ${this.lifecycle}`);
    this.setState("starting");
    this.startedAt = Date.now();
    try {
      await this.startParts();
    } catch (err) {
      await this.teardown();
      this.setState("stopped");
      throw err;
    }
    this.setState("running");
    this.safeDispatchEvent("node:start");
  }

  /**
   * Stops gracefully: stops announcing and checking, closes the listeners and connections (the
   * services finish their work and flush in their `stop()`), closes the datastore, then the status
   * server. Safe to call more than once and during start.
   */
  async stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.setState("stopping");
      this.logger.info("stopping");
      await this.teardown();
      this.setState("stopped");
      this.logger.info("stopped");
      this.safeDispatchEvent("node:stop");
    })();
    return this.stopping;
  }

  /**
   * Announces the service key now, beside the schedule.
   *
   * @param options - `signal` to give up early.
   * @returns The outcome.
   * @throws NodeStateError before the node is running.
   */
  async announce(options: AbortOptions = {}): Promise<Announcement> {
    return this.require(this.announcer, "announce()").announce(options);
  }

  /**
   * Resolves with the first successful announcement (at once when there was one).
   *
   * @param options - `signal` to stop waiting.
   * @returns The announcement.
   */
  async waitForAnnouncement(options: AbortOptions = {}): Promise<Announcement> {
    const last = this.announcer?.last;
    if (last?.ok === true) return last;
    const [event] = (await once(this, "announce:success", options)) as [CustomEvent<Announcement>];
    return event.detail;
  }

  /**
   * Checks the registration now, beside the schedule.
   *
   * @returns The new state.
   */
  async checkRegistration(): Promise<RegistrationState> {
    return this.require(this.monitor, "checkRegistration()").check();
  }

  /**
   * What `/status` shows.
   *
   * @returns The status.
   */
  status(): NodeStatus {
    return collectStatus({
      state: this.lifecycle === "created" ? "starting" : this.lifecycle,
      startedAt: this.startedAt,
      config: this.config,
      identity: this.identity,
      chain: this.chain,
      host: this.host,
      registration: this.monitor?.state,
      chainError: this.link?.lastError?.shortMessage,
      announcer: this.announcer,
      runtimes: this.runtimes,
      logger: this.logger,
    });
  }

  private async startParts(): Promise<void> {
    const { config, logger } = this;
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    const identity = await loadNodeIdentity(config, { ...this.options, logger });
    this.identity = identity;
    const { metrics, statusServer } = await startStatusParts({
      config,
      identity,
      host: () => this.host,
      status: () => this.status(),
      healthy: () => this.lifecycle === "running",
      logger,
    });
    this.metrics = metrics;
    this.statusServer = statusServer;

    const link = createRegistryLink(config, logger);
    this.link = link;
    const chain = await resolveChainScope(link, config, logger, {
      signal: this.controller.signal,
      onWait: () => {
        this.setState("waiting-for-chain");
      },
    });
    this.checkpoint();
    this.setState("starting");
    this.chain = chain;

    this.datastore = await openDatastore(config.dataDir);
    this.checkpoint();
    const { factories, runtimeKeys, policy } = await prepareServices({
      modules: this.options.modules ?? [],
      config,
      scope: chain.scope,
      link,
      ownProvider: () => this.monitor?.state.providerId,
      logger,
    });
    this.host = await createNodeHost({
      config,
      privateKey: identity.privateKey,
      datastore: this.datastore,
      metricsRegistry: metrics.registry,
      dataDir: config.dataDir,
      services: factories,
      logger,
    });
    this.checkpoint();
    this.runtimes = collectRuntimes(this.host, runtimeKeys, metrics.registry);
    logger.info(
      {
        peerId: identity.peerId.toString(),
        nodeAddress: identity.nodeAddress,
        addresses: this.host.getMultiaddrs().map(String),
        service: config.service,
        chainId: chain.chainId.toString(),
        chainIdSource: chain.source,
        serviceKey: chain.key.toString(),
        services: runtimeKeys,
      },
      "node started",
    );

    const monitor = ownRegistrationMonitor({
      link,
      config,
      nodeAddress: identity.nodeAddress,
      logger,
      onCheck: (state) => {
        metrics.recordVerdict(state.verdict);
        this.safeDispatchEvent("registration:check", { detail: state });
      },
      onChange: (state) => this.safeDispatchEvent("registration:change", { detail: state }),
    });
    this.monitor = monitor;
    await monitor.start();
    this.checkpoint();
    this.stopWatching = followRegistryChanges({ link, config, logger, monitor, policy });
    this.bootstrapper = startBootstrap(this.host, config, link, logger.child({ component: "bootstrap" }));
    this.announcer = startAnnouncer({
      host: this.host,
      key: chain.key,
      config,
      runtimes: this.runtimes,
      signal: this.controller.signal,
      logger,
      onAnnouncement: (type, announcement) => {
        metrics.recordAnnouncement(announcement);
        this.safeDispatchEvent(type, { detail: announcement });
      },
    });
  }

  /** Stops every part that was started, in order; safe to run again on what is left. */
  private async teardown(): Promise<void> {
    this.controller.abort();
    this.announcer?.stop();
    this.bootstrapper?.stop();
    this.monitor?.stop();
    await this.attempt("registry watcher", async () => this.stopWatching?.());
    const { host, datastore, statusServer } = this;
    this.host = undefined;
    this.datastore = undefined;
    this.statusServer = undefined;
    // Services finish their work in libp2p's stop, and may still ask the registry meanwhile.
    await this.attempt("libp2p", async () => host?.stop());
    this.link?.stop();
    await this.attempt("datastore", async () => datastore?.close());
    await this.attempt("status server", async () => statusServer?.close());
    this.logger.flush();
  }

  private async attempt(part: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (err) {
      this.logger.error({ err }, `error while stopping the ${part}`);
    }
  }

  private setState(state: NodeState): void {
    if (this.lifecycle === state) return;
    this.lifecycle = state;
    this.safeDispatchEvent("node:state", { detail: state });
  }

  /** Gives up starting when `stop()` was called meanwhile. */
  private checkpoint(): void {
    this.controller.signal.throwIfAborted();
  }

  private require<T>(value: T | undefined, what: string): T {
    if (value === undefined)
      throw new NodeStateError(`${what} is not available while the node is ${this.lifecycle}`);
    return value;
  }
}

/**
 * Creates and starts a server node.
 *
 * @param config - The configuration (every option but `registry` has a default).
 * @param options - Modules, logger, key.
 * @returns The running node; call `stop()` to stop it.
 * @throws InvalidConfigError naming the first invalid option.
 * @example
 * ```ts
 * const node = await startNode({ registry, rpcUrl, dataDir, statusListen: "127.0.0.1:0" }, { modules: [mail] });
 * ```
 */
export async function startNode(
  config: NodeConfigInput,
  options: WaymarkNodeOptions = {},
): Promise<WaymarkNode> {
  const node = new WaymarkNode(config, options);
  await node.start();
  return node;
}
