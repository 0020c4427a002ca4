import { logger } from "@libp2p/logger";

import { RegistryUnavailableError } from "../kernel/errors/availability.js";
import { RpcUnreachableError } from "../kernel/errors/registry.js";
import type { RegistryClient } from "../kernel/registry/connect.js";

const log = logger("waymark:client:registry");

/** How a lazy connection retries: after 1 s, doubling up to 30 s. */
export const REGISTRY_RETRY = { baseMs: 1_000, maxMs: 30_000 } as const;

/** Options of {@link RegistryConnection}. */
export interface RegistryConnectionInit {
  /** One connection attempt (connect, then check it); rejects with why it failed. */
  connect(): Promise<RegistryClient>;
  /** The connection, when it was made already. */
  client?: RegistryClient | undefined;
  /** Called once, when a connection made in the background succeeds. */
  onConnect?: ((client: RegistryClient) => void) | undefined;
  /** Called with the error of each failed attempt (the one `get` and `error` report). */
  onFailure?: ((error: Error) => void) | undefined;
  /** Called with each connection, when it is no longer needed (the owner stops). */
  close?: ((client: RegistryClient) => void) | undefined;
  /** First wait after a failed attempt, doubled after each. @default 1000 */
  retryBaseMs?: number | undefined;
  /** Longest wait between attempts. @default 30000 */
  retryMaxMs?: number | undefined;
}

/**
 * A registry connection that may not exist yet: a client with custom servers starts without the
 * chain and connects in the background, retrying (after 1 s, doubling up to 30 s) while the chain
 * RPC does not answer. An attempt that fails for another reason (no registry at the address, another
 * chain, a trusted provider that does not exist) is not retried: the registry is then unavailable
 * to this client, with that reason.
 */
export class RegistryConnection {
  private current: RegistryClient | undefined;
  private attempt: Promise<RegistryClient> | undefined;
  private failure: Error | undefined;
  private failedAt = 0;
  private permanent = false;
  private delayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  /** @param init - How to connect, and what to call when it does. */
  constructor(private readonly init: RegistryConnectionInit) {
    this.current = init.client;
    this.delayMs = init.retryBaseMs ?? REGISTRY_RETRY.baseMs;
  }

  /** The connection, once made. */
  get client(): RegistryClient | undefined {
    return this.current;
  }

  /** Why there is no connection (the last attempt's failure), while there is none. */
  get error(): Error | undefined {
    return this.current === undefined ? this.failure : undefined;
  }

  /**
   * The connection: made now unless it exists, an attempt is under way (then it is shared), or the
   * last attempt failed less than a retry interval ago.
   *
   * @returns The connection.
   * @throws RpcUnreachableError while the chain RPC does not answer.
   * @throws RegistryUnavailableError when the registry cannot be used (with the reason as `cause`).
   */
  async get(): Promise<RegistryClient> {
    if (this.current !== undefined) return this.current;
    if (this.attempt !== undefined) return this.attempt;
    const retryBaseMs = this.init.retryBaseMs ?? REGISTRY_RETRY.baseMs;
    if (this.failure !== undefined && (this.permanent || Date.now() - this.failedAt < retryBaseMs)) {
      throw this.failure;
    }
    return this.connectNow();
  }

  /**
   * Waits for the attempt under way (making one when none is and none failed just now), at most
   * until `signal` aborts. Never rejects.
   *
   * @param signal - Stops waiting (the attempt goes on).
   * @returns The connection, or undefined when there is none.
   */
  async settle(signal?: AbortSignal): Promise<RegistryClient | undefined> {
    const attempt = this.get().catch(() => undefined);
    if (signal === undefined) return attempt;
    if (signal.aborted) return this.current;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<undefined>((resolve) => {
      onAbort = () => {
        resolve(undefined);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([attempt, aborted]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
    }
  }

  /** Starts connecting in the background, retrying while the chain RPC does not answer. */
  start(): void {
    if (this.running || this.stopped || this.current !== undefined) return;
    this.running = true;
    void this.connectNow().catch(() => undefined);
  }

  /** Stops retrying and closes the connection (and one that an attempt under way still makes). */
  stop(): void {
    this.stopped = true;
    this.running = false;
    clearTimeout(this.timer);
    if (this.current !== undefined) this.init.close?.(this.current);
  }

  private async connectNow(): Promise<RegistryClient> {
    clearTimeout(this.timer);
    this.attempt = (async () => {
      try {
        const client = await this.init.connect();
        if (this.stopped) {
          this.init.close?.(client);
        } else {
          this.current = client;
          this.failure = undefined;
          if (this.init.client === undefined) this.init.onConnect?.(client);
        }
        return client;
      } catch (err) {
        throw this.failed(err);
      } finally {
        this.attempt = undefined;
      }
    })();
    return this.attempt;
  }

  /** Records a failed attempt and schedules the next one; returns the error to report. */
  private failed(err: unknown): Error {
    this.failedAt = Date.now();
    if (err instanceof RpcUnreachableError) {
      this.failure = err;
      this.init.onFailure?.(err);
      log("the chain RPC does not answer; retrying in %d ms: %s", this.delayMs, err.message);
      this.retryLater();
      return err;
    }
    this.permanent = true;
    const failure = new RegistryUnavailableError({ cause: err });
    this.failure = failure;
    this.init.onFailure?.(failure);
    log.error("the registry cannot be used; registry servers are unavailable: %e", err);
    return failure;
  }

  private retryLater(): void {
    if (!this.running || this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.connectNow().catch(() => undefined);
    }, this.delayMs);
    this.timer.unref();
    this.delayMs = Math.min(this.delayMs * 2, this.init.retryMaxMs ?? REGISTRY_RETRY.maxMs);
  }
}
