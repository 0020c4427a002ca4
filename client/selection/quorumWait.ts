/** What {@link QuorumWait.race} resolves to when the wait ran out first. */
export const EXPIRED = Symbol("quorum wait expired");

/**
 * How long a selection still waits for discovery to complete its quorum: unbounded until
 * {@link QuorumWait.start}, then `waitMs` from that moment.
 */
export class QuorumWait {
  private expired: Promise<typeof EXPIRED> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @param waitMs - How long the wait lasts once started, in milliseconds. */
  constructor(private readonly waitMs: number) {}

  /** Starts the wait (once; later calls change nothing). */
  start(): void {
    this.expired ??= new Promise((resolve) => {
      this.timer = setTimeout(() => {
        resolve(EXPIRED);
      }, this.waitMs);
      this.timer.unref();
    });
  }

  /**
   * @param promise - What to wait for.
   * @returns What it resolves to, or {@link EXPIRED} when the started wait runs out first.
   */
  async race<T>(promise: Promise<T>): Promise<T | typeof EXPIRED> {
    return this.expired === undefined ? promise : Promise.race([promise, this.expired]);
  }

  /** Clears the timer. */
  stop(): void {
    clearTimeout(this.timer);
  }
}
