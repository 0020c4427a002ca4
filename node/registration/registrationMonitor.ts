import { TypedEventEmitter } from "@libp2p/interface";
import type { Logger } from "pino";

import { isRegisteredVerdict } from "../../client/kernel/registry/verifier.js";
import { formatDuration } from "../config/values.js";
import { errorFields } from "../logging/errorFields.js";
import { verifyNodes } from "../../client/kernel/registry/verifyNodes.js";
import type { RegistryLink } from "./registryLink.js";
import type { RegistrationVerdict } from "./verdicts.js";
import { describeVerdict } from "./verdicts.js";

/** The node's registration as the monitor last saw it. */
export interface RegistrationState {
  /** The registry's verdict under the default providers' policy, or `unknown`. */
  verdict: RegistrationVerdict;
  /**
   * Registered and active for the service under an active provider (`Trusted` or
   * `ProviderNotTrusted`); undefined while unknown.
   */
  registered: boolean | undefined;
  /** The node's provider, 0n when unknown or unregistered. */
  providerId: bigint;
  /** When the registry last answered, in milliseconds since the epoch. */
  checkedAt: number | undefined;
  /** True when the latest check failed and the verdict is older than it. */
  stale: boolean;
  /** Why the latest check failed, while it does. */
  error: string | undefined;
}

/** Events of {@link RegistrationMonitor}. */
export interface RegistrationMonitorEvents {
  /** A check finished (answered or failed). */
  "registration:check": CustomEvent<RegistrationState>;
  /** The verdict changed (including the first answer). */
  "registration:change": CustomEvent<RegistrationState>;
}

/** Options of {@link RegistrationMonitor}. */
export interface RegistrationMonitorInit {
  link: RegistryLink;
  /** This node's address. */
  nodeAddress: string;
  /** The service the node serves. */
  service: string;
  /** Milliseconds between checks while the chain answers. */
  checkInterval: number;
  /** Milliseconds between attempts while it does not. */
  retryInterval: number;
  logger: Logger;
}

/**
 * Checks the node's own registration at start and then periodically: registered, active, for this
 * service, under an active provider. It logs every change and keeps the last verdict (marked
 * stale) while the chain does not answer.
 */
export class RegistrationMonitor extends TypedEventEmitter<RegistrationMonitorEvents> {
  private readonly init: RegistrationMonitorInit;
  private current: RegistrationState = {
    verdict: "unknown",
    registered: undefined,
    providerId: 0n,
    checkedAt: undefined,
    stale: false,
    error: undefined,
  };
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failures = 0;

  /** @param init - Registry link, node, service, intervals and logger. */
  constructor(init: RegistrationMonitorInit) {
    super();
    this.init = init;
  }

  /** The latest state. */
  get state(): RegistrationState {
    return { ...this.current };
  }

  /**
   * Checks now, then keeps checking in the background until {@link stop}. When the link has just
   * failed to reach the chain, that failure is the first check, and the next try follows after
   * `retryInterval` rather than at once.
   *
   * @returns The first state.
   */
  async start(): Promise<RegistrationState> {
    this.running = true;
    const { link } = this.init;
    if (link.client === undefined && link.lastError !== undefined) this.recordFailure(link.lastError);
    else await this.check();
    this.schedule();
    return this.state;
  }

  /** Stops checking. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /**
   * Asks the registry once.
   *
   * @returns The new state.
   */
  async check(): Promise<RegistrationState> {
    const { link, nodeAddress, service, logger } = this.init;
    try {
      const client = await link.connect();
      if (client === undefined) throw link.lastError ?? new Error("the chain RPC is unreachable");
      const [answer] = await verifyNodes(client, { nodes: [nodeAddress], service });
      if (answer === undefined) throw new Error("the registry returned no verdict");
      const previous = this.current;
      this.current = {
        verdict: answer.verdict,
        registered: isRegisteredVerdict(answer.verdict),
        providerId: answer.providerId,
        checkedAt: Date.now(),
        stale: false,
        error: undefined,
      };
      if (this.failures > 0) logger.info({ failures: this.failures }, "the registry answers again");
      this.failures = 0;
      if (previous.verdict !== answer.verdict || previous.providerId !== answer.providerId) {
        const fields = { verdict: answer.verdict, providerId: answer.providerId.toString(), service };
        const message = describeVerdict(answer.verdict, service, answer.providerId);
        if (this.current.registered === true) logger.info(fields, message);
        else logger.warn(fields, message);
        this.safeDispatchEvent("registration:change", { detail: this.state });
      }
    } catch (err) {
      this.recordFailure(err);
      return this.state;
    }
    this.safeDispatchEvent("registration:check", { detail: this.state });
    return this.state;
  }

  private recordFailure(err: unknown): void {
    this.failures++;
    const error =
      err instanceof Error ? ((err as { shortMessage?: string }).shortMessage ?? err.message) : String(err);
    this.current = { ...this.current, stale: this.current.checkedAt !== undefined, error };
    const fields = {
      ...errorFields(err),
      verdict: this.current.verdict,
      stale: this.current.stale,
      failures: this.failures,
    };
    const retry = formatDuration(this.init.retryInterval);
    const message =
      this.current.checkedAt === undefined
        ? `registration unknown: ${error}; the node keeps running and retries every ${retry}`
        : `registration check failed: ${error}; keeping the last verdict (stale), retrying every ${retry}`;
    if (this.failures === 1) this.init.logger.warn(fields, message);
    else this.init.logger.debug(fields, message);
    this.safeDispatchEvent("registration:check", { detail: this.state });
  }

  private schedule(): void {
    if (!this.running) return;
    const delay = this.current.error === undefined ? this.init.checkInterval : this.init.retryInterval;
    this.timer = setTimeout(() => {
      void this.check().finally(() => {
        this.schedule();
      });
    }, delay);
    this.timer.unref();
  }
}
