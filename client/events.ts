import type { VerifiedCandidate } from "./verification/types.js";

/** Why a server became the selected one. */
export type SelectionReason = "initial" | "failover" | "revoked";

/** The events a Waymark client emits, by type, with their `detail`. */
export interface WaymarkClientEvents {
  /** A server was selected; it stays selected until it fails or is revoked. */
  "server:selected": {
    server: VerifiedCandidate;
    /** Measured ping round trip in milliseconds. */
    rttMs: number;
    reason: SelectionReason;
  };
  /** A server failed (dial error, timeout, too slow) and is grey-listed until `retryAt`. */
  "server:failed": {
    server: VerifiedCandidate;
    error: Error;
    /** Milliseconds since the epoch when it may be tried again. */
    retryAt: number;
  };
  /** The registry no longer trusts a server the client knew; it was dropped at once. */
  "server:revoked": {
    server: VerifiedCandidate;
    /** The registry's new verdict, e.g. `ProviderNotActive`. */
    verdict: string;
    /** Whether it was the selected server (its connection was closed). */
    wasSelected: boolean;
  };
  /** The chain RPC is unreachable: the last verified set is used, marked stale. */
  "verification:stale": {
    /** When the registry last answered (milliseconds since the epoch), if it ever did. */
    lastVerifiedAt: number | undefined;
    /** How long stale answers stay usable, in milliseconds. */
    graceMs: number;
    error: Error;
  };
  /** The chain RPC answers again after being unreachable. */
  "verification:fresh": Record<string, never>;
  /**
   * Registry servers cannot be used: the client has no registry connection (the chain RPC does not
   * answer, or the registry cannot be used). Emitted when a discovery finds it so, once until the
   * registry connects; custom servers are used meanwhile.
   */
  "registry:unavailable": {
    /** Why: `RpcUnreachableError`, or `RegistryUnavailableError` with the reason as `cause`. */
    error: Error;
  };
  /**
   * The client started or stopped receiving the registry's events by subscription (a `ws://` RPC
   * URL): `subscribed` once `eth_subscribe` stands (after a reconnect it then reads the logs it missed),
   * `polling` while the socket is down or when the endpoint refuses subscriptions.
   */
  "registry:watching": {
    mode: "subscribed" | "polling";
    /** Why it polls: `RpcUnreachableError` while it reconnects, `SubscriptionRefusedError` for good. */
    reason?: Error | undefined;
  };
  /**
   * A registry of the quorum of curators (`trust.registries`) cannot be asked: its RPC does not
   * answer, or its chain lags. It vouches for no node meanwhile (its verdict `Unreachable`, unless
   * an answer within `staleGraceMs` is held). Emitted once until it answers again.
   */
  "quorum:unavailable": {
    /** The registry's label (`<chainId>:<address>` unless named). */
    registry: string;
    /** Why: `RpcUnreachableError`, `StaleChainError`, … */
    error: Error;
  };
  /** A registry of the quorum that could not be asked answers again. */
  "quorum:available": {
    /** The registry's label. */
    registry: string;
  };
  /** The client connected to the registry in the background, after starting without it. */
  "registry:connected": {
    /** The registry's chain. */
    chainId: bigint;
  };
  /**
   * A bootstrap record of the registry cannot be used, whole or in part (an address that does not
   * parse, names another node, or is too long), and is skipped. Reported once per record content.
   */
  "bootstrap:skipped": {
    /** The node the record was published for. */
    node: string;
    /** Its provider (any active provider may publish records). */
    providerId: bigint;
    /** One reason per unusable address, quoting it (JSON-escaped, shortened). */
    reasons: string[];
    /** True when nothing of the record is usable. */
    whole: boolean;
  };
}

/** A listener for one event type. */
export type WaymarkEventListener<K extends keyof WaymarkClientEvents> = (
  event: CustomEvent<WaymarkClientEvents[K]>,
) => void;

/**
 * Typed events of {@link WaymarkClientEvents} on a standard `EventTarget`: each event is a
 * `CustomEvent` whose `detail` is the payload. Listeners run synchronously; they must not throw.
 *
 * @example
 * ```ts
 * client.addEventListener("server:revoked", (event) => log(event.detail.verdict));
 * ```
 */
export class WaymarkEventTarget {
  private readonly target = new EventTarget();

  /**
   * Adds a listener.
   *
   * @param type - The event type, e.g. `server:selected`.
   * @param listener - Called with a `CustomEvent` whose `detail` is the payload.
   * @param options - `once`, `signal`.
   */
  addEventListener<K extends keyof WaymarkClientEvents>(
    type: K,
    listener: WaymarkEventListener<K>,
    options?: { once?: boolean; signal?: AbortSignal },
  ): void {
    this.target.addEventListener(type, listener as (event: Event) => void, options);
  }

  /**
   * Removes a listener.
   *
   * @param type - The event type.
   * @param listener - The listener that was added.
   */
  removeEventListener<K extends keyof WaymarkClientEvents>(type: K, listener: WaymarkEventListener<K>): void {
    this.target.removeEventListener(type, listener as (event: Event) => void);
  }

  /**
   * Dispatches a typed event.
   *
   * @param type - The event type.
   * @param detail - Its payload.
   */
  emit<K extends keyof WaymarkClientEvents>(type: K, detail: WaymarkClientEvents[K]): void {
    this.target.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
