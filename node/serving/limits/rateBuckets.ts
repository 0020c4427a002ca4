import type { ServingErrors } from "../servingErrors.js";
import { TokenBucket } from "./tokenBucket.js";

/** What a request spends: a push (and its payload bytes), or a query (and how many query units). */
export type RequestCost = { kind: "push"; bytes: number } | { kind: "query"; units?: number | undefined };

/** Sustained rates and bursts of one set of buckets. */
export interface RateLimits {
  pushesPerSecond: number;
  pushBurst: number;
  bytesPerSecond: number;
  bytesBurst: number;
  queriesPerSecond: number;
  queryBurst: number;
}

interface Buckets {
  pushes: TokenBucket;
  bytes: TokenBucket;
  queries: TokenBucket;
}

/**
 * Token buckets for pushes, payload bytes and queries, one set per key (a peer id, or a network
 * address). Keys whose buckets are full again are forgotten by {@link RateBuckets.prune}.
 */
export class RateBuckets {
  private readonly buckets = new Map<string, Buckets>();

  /**
   * @param limits - Rates and bursts.
   * @param names - The limit names a refusal carries, e.g. `{ pushes: "pushes", … }`.
   * @param errors - The service kind's errors (a refusal is its `rateLimited` error).
   */
  constructor(
    private readonly limits: RateLimits,
    private readonly names: Record<keyof Buckets, string>,
    private readonly errors: Pick<ServingErrors, "rateLimited">,
  ) {}

  /**
   * Charges a request to the key's buckets; nothing is taken when any bucket refuses.
   *
   * @param key - Whose buckets.
   * @param cost - The request.
   * @param now - Current time in ms.
   * @throws The kind's rate-limited error naming the limit, with the time until the request would fit.
   */
  charge(key: string, cost: RequestCost, now: number): void {
    const buckets = this.of(key, now);
    if (cost.kind === "query") {
      this.refuseIfLimited("queries", buckets.queries.take(cost.units ?? 1, now));
      return;
    }
    this.refuseIfLimited("pushes", buckets.pushes.take(1, now));
    const wait = buckets.bytes.take(cost.bytes, now);
    if (wait > 0) {
      buckets.pushes.refund(1);
      this.refuseIfLimited("bytes", wait);
    }
  }

  /**
   * Gives back what {@link RateBuckets.charge} took, when another limit refused the request.
   *
   * @param key - Whose buckets.
   * @param cost - The request that was charged.
   */
  refund(key: string, cost: RequestCost): void {
    const buckets = this.buckets.get(key);
    if (buckets === undefined) return;
    if (cost.kind === "query") {
      buckets.queries.refund(cost.units ?? 1);
      return;
    }
    buckets.pushes.refund(1);
    buckets.bytes.refund(cost.bytes);
  }

  /**
   * Forgets keys whose buckets are full and that `keep` does not hold on to.
   *
   * @param now - Current time in ms.
   * @param keep - Keys to keep regardless (for example peers with open streams).
   */
  prune(now: number, keep: (key: string) => boolean = () => false): void {
    for (const [key, buckets] of this.buckets) {
      const full = buckets.pushes.isFull(now) && buckets.bytes.isFull(now) && buckets.queries.isFull(now);
      if (full && !keep(key)) this.buckets.delete(key);
    }
  }

  /** Keys currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private refuseIfLimited(bucket: keyof Buckets, waitMs: number): void {
    if (waitMs === 0) return;
    const limit = this.names[bucket];
    throw this.errors.rateLimited(`Too many ${limit}; retry in ${waitMs} ms`, {
      limit,
      retryAfterMs: waitMs,
    });
  }

  private of(key: string, now: number): Buckets {
    let buckets = this.buckets.get(key);
    if (buckets === undefined) {
      const { pushBurst, pushesPerSecond, bytesBurst, bytesPerSecond, queryBurst, queriesPerSecond } =
        this.limits;
      buckets = {
        pushes: new TokenBucket(pushBurst, pushesPerSecond, now),
        bytes: new TokenBucket(bytesBurst, bytesPerSecond, now),
        queries: new TokenBucket(queryBurst, queriesPerSecond, now),
      };
      this.buckets.set(key, buckets);
    }
    return buckets;
  }
}
