import { setTimeout } from "node:timers/promises";

import type { AbortOptions } from "@libp2p/interface";
import { TypedEventEmitter } from "@libp2p/interface";
import type { Logger } from "pino";

import { WaymarkError } from "../../client/kernel/errors/base.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";

/** Events of {@link RegistryLink}. */
export interface RegistryLinkEvents {
  /** The chain answered and the registry was found. */
  "registry:connect": CustomEvent<RegistryClient>;
}

/** Options of {@link RegistryLink}. */
export interface RegistryLinkInit {
  rpcUrl: string;
  /** Registry address. */
  address: string;
  /** How long one RPC request may take, in milliseconds. */
  rpcTimeout: number;
  /** How often {@link RegistryLink.waitForConnection} tries again, in milliseconds. */
  retryInterval: number;
  logger: Logger;
}

/**
 * The node's connection to the registry. The chain may be down when the node starts: callers try
 * again later, and the link emits `registry:connect` once the chain answers.
 */
export class RegistryLink extends TypedEventEmitter<RegistryLinkEvents> {
  private readonly init: RegistryLinkInit;
  private connection: RegistryClient | undefined;
  private attempt: Promise<RegistryClient | undefined> | undefined;
  private stopped = false;
  /** The last reason the chain could not be reached, while it cannot. */
  lastError: WaymarkError | undefined;

  /** @param init - RPC URL, registry address, timeouts and logger. */
  constructor(init: RegistryLinkInit) {
    super();
    this.init = init;
  }

  /** The registry connection, once the chain has answered. */
  get client(): RegistryClient | undefined {
    return this.connection;
  }

  /**
   * Tries once to reach the chain and the registry (concurrent callers share the attempt).
   *
   * @returns The connection, or undefined when the chain did not answer.
   * @throws RegistryNotFoundError when the chain answers but no registry is at the address.
   */
  async connect(): Promise<RegistryClient | undefined> {
    if (this.connection !== undefined) return this.connection;
    this.attempt ??= this.tryConnect().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  /**
   * Tries every `retryInterval` until the chain answers.
   *
   * @param options - `signal` stops the waiting.
   * @returns The connection.
   * @throws AbortError when `signal` aborts; RegistryNotFoundError as {@link connect}.
   */
  async waitForConnection(options: AbortOptions = {}): Promise<RegistryClient> {
    for (;;) {
      options.signal?.throwIfAborted();
      const client = await this.connect();
      if (client !== undefined) return client;
      await setTimeout(this.init.retryInterval, undefined, { signal: options.signal });
    }
  }

  /** Closes the connection; later attempts do nothing. */
  stop(): void {
    this.stopped = true;
    this.connection?.provider.destroy();
  }

  private async tryConnect(): Promise<RegistryClient | undefined> {
    try {
      const client = await connectRegistry({
        rpcUrl: this.init.rpcUrl,
        address: this.init.address,
        requestTimeoutMs: this.init.rpcTimeout,
      });
      if (this.stopped) {
        client.provider.destroy();
        return undefined;
      }
      this.connection = client;
      this.lastError = undefined;
      this.init.logger.info(
        { chainId: client.chainId.toString(), registry: client.address },
        "connected to the registry",
      );
      this.safeDispatchEvent("registry:connect", { detail: client });
      return client;
    } catch (err) {
      if (err instanceof WaymarkError && err.name === "RpcUnreachableError") {
        this.lastError = err;
        return undefined;
      }
      throw err;
    }
  }
}
