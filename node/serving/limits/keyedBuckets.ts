import type { ServingErrors } from "../servingErrors.js";
import { TokenBucket } from "./tokenBucket.js";

/** One rate: a sustained rate, a burst and the limit name a refusal carries. */
export interface KeyedRate {
  /** Requests per second, sustained. */
  perSecond: number;
  /** Requests in a burst. */
  burst: number;
  /** The limit name a refusal carries (`puts`, `reads`, …). */
  limit: string;
}

/**
 * One token bucket per key (a peer id, an owner address) for one kind of request. Keys whose
 * bucket is full again are forgotten by {@link KeyedBuckets.prune}, so memory stays bounded by
 * the keys active in the last minutes.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  /**
   * @param rate - Rate, burst and limit name.
   * @param errors - The service kind's errors (a refusal is its `rateLimited` error).
   */
  constructor(
    private readonly rate: KeyedRate,
    private readonly errors: Pick<ServingErrors, "rateLimited">,
  ) {}

  /**
   * Takes one request from the key's bucket.
   *
   * @param key - Whose bucket.
   * @param now - Current time in ms.
   * @throws The kind's rate-limited error naming the limit, with the time until it would fit.
   */
  charge(key: string, now: number): void {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.rate.burst, this.rate.perSecond, now);
      this.buckets.set(key, bucket);
    }
    const waitMs = bucket.take(1, now);
    if (waitMs === 0) return;
    const { limit } = this.rate;
    throw this.errors.rateLimited(`Too many ${limit}; retry in ${waitMs} ms`, {
      limit,
      retryAfterMs: waitMs,
    });
  }

  /**
   * Gives back a request charged to the key (another limit refused it).
   *
   * @param key - Whose bucket.
   */
  refund(key: string): void {
    this.buckets.get(key)?.refund(1);
  }

  /**
   * Forgets keys whose bucket is full.
   *
   * @param now - Current time in ms.
   */
  prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
  }

  /** Keys tracked. */
  get size(): number {
    return this.buckets.size;
  }
}
