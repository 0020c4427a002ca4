import type { ServingErrors } from "../servingErrors.js";

/** Milliseconds a peer refused for too many streams is told to wait. */
const STREAM_RETRY_AFTER_MS = 100;

/** Counts the streams each peer has open on one protocol, up to a maximum. */
export class StreamCounter {
  private readonly open = new Map<string, number>();

  /**
   * @param max - Streams one peer may have open at once.
   * @param errors - The service kind's errors (a refusal is its `rateLimited` error).
   */
  constructor(
    private readonly max: number,
    private readonly errors: Pick<ServingErrors, "rateLimited">,
  ) {}

  /**
   * Counts a stream as open.
   *
   * @param peer - The peer id, as text.
   * @throws The kind's rate-limited error (limit `streams`) when the peer already has `max` open.
   */
  acquire(peer: string): void {
    const open = this.open.get(peer) ?? 0;
    if (open >= this.max) {
      throw this.errors.rateLimited(`At most ${this.max} streams may be open at once`, {
        limit: "streams",
        retryAfterMs: STREAM_RETRY_AFTER_MS,
      });
    }
    this.open.set(peer, open + 1);
  }

  /**
   * Counts a stream as closed.
   *
   * @param peer - The peer id, as text.
   */
  release(peer: string): void {
    const open = (this.open.get(peer) ?? 1) - 1;
    if (open <= 0) this.open.delete(peer);
    else this.open.set(peer, open);
  }

  /**
   * Streams a peer has open.
   *
   * @param peer - The peer id, as text.
   * @returns The count.
   */
  count(peer: string): number {
    return this.open.get(peer) ?? 0;
  }
}
