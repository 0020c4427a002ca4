import type { WaymarkEventTarget } from "../events.js";

/**
 * Whether the registry answers, as seen by verifications and the event watcher. Emits
 * `verification:stale` once when it stops answering and `verification:fresh` once when it is back.
 */
export class RegistryHealth {
  private failingSince: number | undefined;
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

  /** The registry answered. */
  ok(): void {
    this.lastAnswer = this.now();
    if (this.failingSince === undefined) return;
    this.failingSince = undefined;
    this.events.emit("verification:fresh", {});
  }

  /** @param error - Why the registry could not be asked. */
  failed(error: Error): void {
    if (this.failingSince !== undefined) return;
    this.failingSince = this.now();
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

  /** When the registry last answered (milliseconds since the epoch), if it ever did. */
  get lastAnswerAt(): number | undefined {
    return this.lastAnswer;
  }
}
