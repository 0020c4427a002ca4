import type { WaymarkEventTarget } from "../events.js";

/**
 * Whether the registry answers, as seen by real registry requests (verifications and the event
 * watcher), never by answers served from the verification cache. Emits `verification:stale` once
 * when it stops answering and `verification:fresh` once when it answers again; the time of the
 * last real answer only moves when the registry answers.
 */
export class RegistryHealth {
  private failingSince: number | undefined;
  private failure: Error | undefined;
  private lastAnswer: number | undefined;

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
}
