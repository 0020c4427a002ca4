import { once } from "node:events";

import type { AbortOptions, PeerId } from "@libp2p/interface";
import { TypedEventEmitter } from "@libp2p/interface";
import type { CID } from "multiformats/cid";
import type { Logger } from "pino";

import type { Announcement } from "./announce/announcer.js";
import { parseNodeConfig } from "./config/resolve.js";
import type { NodeConfig, NodeConfigInput } from "./config/types.js";
import { NodeStateError } from "./errors/node.js";
import type { NodeHost } from "./host/createNodeHost.js";
import type { NodeParts } from "./lifecycle/nodeParts.js";
import { startParts } from "./lifecycle/startParts.js";
import { stopParts } from "./lifecycle/stopParts.js";
import { createLogger } from "./logging/createLogger.js";
import type { WaymarkNodeEvents, WaymarkNodeOptions } from "./nodeTypes.js";
import type { RegistrationState } from "./registration/registrationMonitor.js";
import { collectStatus } from "./status/collectStatus.js";
import type { NodeState, NodeStatus } from "./status/nodeStatus.js";

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
  private readonly parts: NodeParts = { runtimes: new Map() };

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
    return this.require(this.parts.identity, "peerId").peerId;
  }

  /** The node address: the Ethereum address of its key, as the registry knows it (after start). */
  get nodeAddress(): string {
    return this.require(this.parts.identity, "nodeAddress").nodeAddress;
  }

  /** The libp2p host (after start). */
  get libp2p(): NodeHost {
    return this.require(this.parts.host, "libp2p");
  }

  /** The DHT key the node announces, once its chain id is known. */
  get serviceKey(): CID | undefined {
    return this.parts.chain?.key;
  }

  /** Base URL of the status server, when it runs. */
  get statusUrl(): string | undefined {
    return this.parts.statusServer?.url;
  }

  /** The node's registration as last checked. */
  get registration(): RegistrationState | undefined {
    return this.parts.monitor?.state;
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
      await startParts(this.parts, {
        config: this.config,
        logger: this.logger,
        options: this.options,
        signal: this.controller.signal,
        setState: (state) => {
          this.setState(state);
        },
        status: () => this.status(),
        healthy: () => this.lifecycle === "running",
        onRegistrationCheck: (state) => this.safeDispatchEvent("registration:check", { detail: state }),
        onRegistrationChange: (state) => this.safeDispatchEvent("registration:change", { detail: state }),
        onAnnouncement: (type, announcement) => this.safeDispatchEvent(type, { detail: announcement }),
      });
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
    return this.require(this.parts.announcer, "announce()").announce(options);
  }

  /**
   * Resolves with the first successful announcement (at once when there was one).
   *
   * @param options - `signal` to stop waiting.
   * @returns The announcement.
   */
  async waitForAnnouncement(options: AbortOptions = {}): Promise<Announcement> {
    const last = this.parts.announcer?.last;
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
    return this.require(this.parts.monitor, "checkRegistration()").check();
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
      identity: this.parts.identity,
      chain: this.parts.chain,
      host: this.parts.host,
      handshakes: this.parts.handshakes?.figures,
      registration: this.parts.monitor?.state,
      chainError: this.parts.link?.lastError?.shortMessage,
      announcer: this.parts.announcer,
      runtimes: this.parts.runtimes,
      logger: this.logger,
    });
  }

  /** Stops every part that was started; safe to run again on what is left. */
  private async teardown(): Promise<void> {
    this.controller.abort();
    await stopParts(this.parts, this.logger);
  }

  private setState(state: NodeState): void {
    if (this.lifecycle === state) return;
    this.lifecycle = state;
    this.safeDispatchEvent("node:state", { detail: state });
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
