import { logger } from "@libp2p/logger";

import { redactUrl } from "../text/redactUrl.js";
import { RpcSocket } from "./rpcSocket.js";
import { SubscriptionRefusedError } from "./subscriptionErrors.js";

const log = logger("waymark:client:subscription");

/** A log as `eth_subscribe("logs")` sends it (hex quantities). */
export interface RawLog {
  address?: string;
  topics?: string[];
  data?: string;
  blockNumber?: string;
  transactionHash?: string;
  logIndex?: string;
  removed?: boolean;
}

/** Options of {@link RegistrySubscription}. */
export interface RegistrySubscriptionInit {
  /** The chain's WebSocket URL. */
  url: string;
  /** The registry's address: only its logs are asked for. */
  address: string;
  /** The event topics asked for (any of them). */
  topics: readonly string[];
  /** Milliseconds the connection and each request may take. */
  timeoutMs: number;
  /** First wait before reconnecting, in milliseconds; doubled after each failure. */
  reconnectBaseMs: number;
  /** Longest wait before reconnecting, in milliseconds. */
  reconnectMaxMs: number;
  /** A registry log arrived. */
  onLog(log: RawLog): void;
  /** A new block arrived. */
  onHead(blockNumber: number): void;
  /** Both subscriptions stand (at first, and after each reconnect): catch up on what was missed. */
  onLive(): void;
  /** The connection failed or was lost; it is tried again after `retryInMs`. */
  onDown(error: Error, retryInMs: number): void;
  /** The endpoint does not offer subscriptions; nothing more is tried. */
  onRefused(error: SubscriptionRefusedError): void;
}

/**
 * Subscribes to the registry's logs and to new heads over a WebSocket (`eth_subscribe`), and keeps
 * doing so: a lost connection is made again after a wait that doubles from `reconnectBaseMs` up to
 * `reconnectMaxMs` (reset once subscribed). An endpoint that refuses `eth_subscribe` is left alone.
 */
export class RegistrySubscription {
  private socket: RpcSocket | undefined;
  private running = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private isLive = false;

  /** @param init - Endpoint, filter, timing and callbacks. */
  constructor(private readonly init: RegistrySubscriptionInit) {}

  /** Whether both subscriptions stand now. */
  get live(): boolean {
    return this.isLive;
  }

  /** Connects and subscribes (in the background). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.running = false;
    this.isLive = false;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = undefined;
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    let socket: RpcSocket | undefined;
    try {
      socket = await RpcSocket.open(this.init.url, {
        timeoutMs: this.init.timeoutMs,
        onClose: (error) => {
          // Before both subscriptions stand, the request under way fails and the catch retries.
          if (this.socket !== socket || !this.isLive) return;
          this.socket = undefined;
          this.isLive = false;
          this.retry(error);
        },
      });
      if (this.stopped()) {
        socket.close();
        return;
      }
      this.socket = socket;
      const filter = { address: this.init.address, topics: [this.init.topics] };
      await socket.subscribe(["logs", filter], (result) => {
        this.init.onLog(result as RawLog);
      });
      await socket.subscribe(["newHeads"], (result) => {
        const number = Number((result as { number?: string } | undefined)?.number);
        if (Number.isSafeInteger(number)) this.init.onHead(number);
      });
    } catch (err) {
      if (this.socket === socket) this.socket = undefined;
      socket?.close();
      if (this.stopped()) return;
      if (err instanceof SubscriptionRefusedError) {
        this.running = false;
        log("%s refuses subscriptions: %s", redactUrl(this.init.url), err.details);
        this.init.onRefused(err);
        return;
      }
      this.retry(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.stopped()) return;
    this.failures = 0;
    this.isLive = true;
    this.init.onLive();
  }

  /** Whether {@link RegistrySubscription.stop} was called (read after each wait). */
  private stopped(): boolean {
    return !this.running;
  }

  private retry(error: Error): void {
    if (!this.running) return;
    const delay = Math.min(this.init.reconnectMaxMs, this.init.reconnectBaseMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    this.init.onDown(error, delay);
    this.timer = setTimeout(() => {
      void this.connect();
    }, delay);
    this.timer.unref();
  }
}
