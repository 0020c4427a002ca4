/**
 * A token bucket: holds up to `capacity` tokens and refills `ratePerSecond` tokens per second.
 * A request that costs more than is available is refused with the time until it would fit.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  /**
   * @param capacity - Largest burst.
   * @param ratePerSecond - Sustained rate.
   * @param now - Current time in ms; the bucket starts full.
   */
  constructor(
    private readonly capacity: number,
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /**
   * Takes `cost` tokens if they are there.
   *
   * @param cost - Tokens the request costs.
   * @param now - Current time in ms.
   * @returns 0 when taken, else the milliseconds until `cost` tokens will be there (Infinity when
   * `cost` exceeds the capacity).
   */
  take(cost: number, now: number): number {
    this.refill(now);
    if (cost <= this.tokens) {
      this.tokens -= cost;
      return 0;
    }
    if (cost > this.capacity) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.ceil(((cost - this.tokens) / this.ratePerSecond) * 1000));
  }

  /**
   * Takes `cost` tokens whether or not they are there: the bucket may go into debt (down to minus
   * its capacity), and refuses requests until it is paid off. For costs known only after the work
   * (the bytes of an answer).
   *
   * @param cost - Tokens spent.
   * @param now - Current time in ms.
   */
  spend(cost: number, now: number): void {
    this.refill(now);
    this.tokens = Math.max(-this.capacity, this.tokens - cost);
  }

  /**
   * Gives tokens back (a request charged here was refused by another bucket).
   *
   * @param cost - Tokens to return.
   */
  refund(cost: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + cost);
  }

  /**
   * Whether the bucket is full (so it can be forgotten).
   *
   * @param now - Current time in ms.
   * @returns True when full.
   */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.ratePerSecond);
    this.updatedAt = now;
  }
}
