import type { WaymarkEventTarget } from "../events.js";

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
 * The registry's health, the one place that knows it: whether the client is connected to the
 * registry (and why not, while it is not), and whether the registry answers, as seen by real
 * registry requests (verifications and the event watcher), never by answers served from the
 * verification cache. Emits `verification:stale` once when it stops answering and
 * `verification:fresh` once when it answers again; the time of the last real answer only moves
 * when the registry answers.
 */
export class RegistryHealth {
  private failingSince: number | undefined;
  private failure: Error | undefined;
  private lastAnswer: number | undefined;
  private isConnected = false;
  private connectionFailure: Error | undefined;

  /**
   * @param events - Where to emit.
   * @param graceMs - How long stale answers stay usable, reported in the event.
   * @param now - Clock.
   */
  constructor(
    private readonly events: WaymarkEventTarget,
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The registry answered a request.
   *
   * @param at - When it answered. @default now
   */
  answered(at: number = this.now()): void {
    this.lastAnswer = Math.max(this.lastAnswer ?? at, at);
    if (this.failingSince === undefined) return;
    this.failingSince = undefined;
    this.failure = undefined;
    this.events.emit("verification:fresh", {});
  }

  /** The registry answered a request; the same as {@link RegistryHealth.answered} now. */
  ok(): void {
    this.answered();
  }

  /**
   * A request to the registry failed.
   *
   * @param error - Why the registry could not be asked.
   * @param at - When it failed. @default now
   */
  failed(error: Error, at: number = this.now()): void {
    if (this.failingSince !== undefined) return;
    this.failingSince = at;
    this.failure = error;
    this.events.emit("verification:stale", {
      lastVerifiedAt: this.lastAnswer,
      graceMs: this.graceMs,
      error,
    });
  }

  /** The client has its registry connection (given at the start, or made in the background). */
  connected(): void {
    this.isConnected = true;
    this.connectionFailure = undefined;
  }

  /**
   * An attempt to connect to the registry failed: registry servers are unavailable, for this
   * reason, until an attempt succeeds.
   *
   * @param error - Why (`RpcUnreachableError`, or `RegistryUnavailableError` with the reason).
   */
  connectionFailed(error: Error): void {
    this.connectionFailure = error;
  }

  /** Why registry servers are unavailable (there is no registry connection), while they are. */
  get unavailable(): Error | undefined {
    return this.isConnected ? undefined : this.connectionFailure;
  }

  /** True while the registry does not answer: verifications in use are stale. */
  get stale(): boolean {
    return this.failingSince !== undefined;
  }

  /** Why the registry does not answer, while it does not. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** When the registry last really answered (milliseconds since the epoch), if it ever did. */
  get lastAnswerAt(): number | undefined {
    return this.lastAnswer;
  }

  /** @returns The registry's health as the client reports it (`client.registryStatus`). */
  status(): RegistryStatus {
    return {
      connected: this.isConnected,
      stale: this.stale,
      lastAnswerAt: this.lastAnswer,
      staleGraceMs: this.graceMs,
      error: this.unavailable ?? this.failure,
    };
  }
}
