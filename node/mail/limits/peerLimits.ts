import { MailRateLimitedError } from "../../../client/mail/protocol/errors.js";
import type { MailLimits } from "../options.js";
import { StreamCounter } from "./streamCounter.js";
import { TokenBucket } from "./tokenBucket.js";

/** What a peer spends: a push (and its payload bytes) or a query. */
export type PeerCost = { kind: "push"; bytes: number } | { kind: "query" };

interface PeerState {
  pushes: TokenBucket;
  bytes: TokenBucket;
  queries: TokenBucket;
}

/**
 * Per-peer limits of the client protocol: open streams, and token buckets for pushes, payload
 * bytes and queries. One peer over its limits never slows another.
 */
export class PeerLimits {
  private readonly peers = new Map<string, PeerState>();
  private readonly streams: StreamCounter;

  /**
   * @param limits - Rates, bursts and the stream limit.
   * @param clock - Milliseconds since the epoch.
   */
  constructor(
    private readonly limits: Pick<
      MailLimits,
      | "maxStreamsPerPeer"
      | "pushesPerSecond"
      | "pushBurst"
      | "bytesPerSecond"
      | "bytesBurst"
      | "queriesPerSecond"
      | "queryBurst"
    >,
    private readonly clock: () => number,
  ) {
    this.streams = new StreamCounter(limits.maxStreamsPerPeer);
  }

  /**
   * Counts a stream as open.
   *
   * @param peer - The peer id, as text.
   * @throws MailRateLimitedError (limit `streams`) when the peer already has its maximum open.
   */
  openStream(peer: string): void {
    this.streams.acquire(peer);
  }

  /**
   * Counts a stream as closed.
   *
   * @param peer - The peer id, as text.
   */
  closeStream(peer: string): void {
    this.streams.release(peer);
  }

  /**
   * Charges a request to the peer's buckets; nothing is taken when any bucket refuses.
   *
   * @param peer - The peer id, as text.
   * @param cost - The request.
   * @throws MailRateLimitedError naming the limit (`pushes`, `bytes` or `queries`) with the time
   * until the request would be accepted.
   */
  charge(peer: string, cost: PeerCost): void {
    const state = this.state(peer);
    const now = this.clock();
    if (cost.kind === "query") {
      this.refuseIfLimited("queries", state.queries.take(1, now));
      return;
    }
    this.refuseIfLimited("pushes", state.pushes.take(1, now));
    const wait = state.bytes.take(cost.bytes, now);
    if (wait > 0) {
      state.pushes.refund(1);
      this.refuseIfLimited("bytes", wait);
    }
  }

  /** Forgets peers with no open stream and full buckets (keeps memory bounded). */
  prune(): void {
    const now = this.clock();
    for (const [peer, state] of this.peers) {
      const idle =
        this.streams.count(peer) === 0 &&
        state.pushes.isFull(now) &&
        state.bytes.isFull(now) &&
        state.queries.isFull(now);
      if (idle) this.peers.delete(peer);
    }
  }

  private refuseIfLimited(limit: string, waitMs: number): void {
    if (waitMs === 0) return;
    throw new MailRateLimitedError(`Too many ${limit}; retry in ${waitMs} ms`, {
      limit,
      retryAfterMs: waitMs,
    });
  }

  private state(peer: string): PeerState {
    let state = this.peers.get(peer);
    if (state === undefined) {
      const now = this.clock();
      const { pushBurst, pushesPerSecond, bytesBurst, bytesPerSecond, queryBurst, queriesPerSecond } =
        this.limits;
      state = {
        pushes: new TokenBucket(pushBurst, pushesPerSecond, now),
        bytes: new TokenBucket(bytesBurst, bytesPerSecond, now),
        queries: new TokenBucket(queryBurst, queriesPerSecond, now),
      };
      this.peers.set(peer, state);
    }
    return state;
  }
}
