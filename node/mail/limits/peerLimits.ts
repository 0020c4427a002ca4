import type { Multiaddr } from "@multiformats/multiaddr";

import type { RequestCost } from "../../serving/limits/rateBuckets.js";
import { RateBuckets } from "../../serving/limits/rateBuckets.js";
import { AddressExemptions, networkAddressOf } from "../../serving/limits/networkAddress.js";
import { StreamCounter } from "../../serving/limits/streamCounter.js";
import type { RequestOrigin } from "../../serving/requestOrigin.js";
import type { MailLimits } from "../options.js";
import { MAIL_SERVING_ERRORS } from "../server/servingErrors.js";

export type { RequestOrigin } from "../../serving/requestOrigin.js";

/** The limits {@link PeerLimits} enforces. */
export type PeerLimitOptions = Pick<
  MailLimits,
  | "maxStreamsPerPeer"
  | "pushesPerSecond"
  | "pushBurst"
  | "bytesPerSecond"
  | "bytesBurst"
  | "queriesPerSecond"
  | "queryBurst"
  | "addressPushesPerSecond"
  | "addressPushBurst"
  | "addressBytesPerSecond"
  | "addressBytesBurst"
  | "addressQueriesPerSecond"
  | "addressQueryBurst"
  | "addressLimitExempt"
>;

/**
 * Limits of the client protocol: open streams per peer, and token buckets for pushes, payload
 * bytes and queries per peer and per network address (IPv4 address or IPv6 /64), so that many
 * peer ids from one address share one allowance. One peer or address over its limits never slows
 * another; addresses in `addressLimitExempt` are limited per peer only.
 */
export class PeerLimits {
  private readonly peers: RateBuckets;
  private readonly addresses: RateBuckets;
  private readonly exempt: AddressExemptions;
  private readonly streams: StreamCounter;
  /** Address keys of connections' remote addresses, worked out once per connection. */
  private readonly addressKeys = new WeakMap<Multiaddr, string | null>();

  /**
   * @param limits - Rates, bursts, the stream limit and the exempt networks.
   * @param clock - Milliseconds since the epoch.
   */
  constructor(
    limits: PeerLimitOptions,
    private readonly clock: () => number,
  ) {
    this.streams = new StreamCounter(limits.maxStreamsPerPeer, MAIL_SERVING_ERRORS);
    this.peers = new RateBuckets(
      limits,
      { pushes: "pushes", bytes: "bytes", queries: "queries" },
      MAIL_SERVING_ERRORS,
    );
    this.addresses = new RateBuckets(
      {
        pushesPerSecond: limits.addressPushesPerSecond,
        pushBurst: limits.addressPushBurst,
        bytesPerSecond: limits.addressBytesPerSecond,
        bytesBurst: limits.addressBytesBurst,
        queriesPerSecond: limits.addressQueriesPerSecond,
        queryBurst: limits.addressQueryBurst,
      },
      { pushes: "address-pushes", bytes: "address-bytes", queries: "address-queries" },
      MAIL_SERVING_ERRORS,
    );
    this.exempt = new AddressExemptions(limits.addressLimitExempt);
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
   * Charges a request to its peer's buckets and its address's; nothing is taken when any bucket
   * refuses.
   *
   * @param origin - The peer and its connection's address.
   * @param cost - The request.
   * @throws MailRateLimitedError naming the limit (`pushes`, `bytes`, `queries`, or the same per
   * address: `address-pushes`, `address-bytes`, `address-queries`) with the time until the
   * request would be accepted.
   */
  charge(origin: RequestOrigin, cost: RequestCost): void {
    const now = this.clock();
    this.peers.charge(origin.peer, cost, now);
    const address = this.addressKeyOf(origin.remoteAddr);
    if (address === null) return;
    try {
      this.addresses.charge(address, cost, now);
    } catch (err) {
      this.peers.refund(origin.peer, cost);
      throw err;
    }
  }

  /** The key an address is limited under, or null when it is not limited per address. */
  private addressKeyOf(remoteAddr: Multiaddr): string | null {
    let key = this.addressKeys.get(remoteAddr);
    if (key === undefined) {
      const address = networkAddressOf(remoteAddr);
      key = address === undefined || this.exempt.has(address.ip) ? null : address.key;
      this.addressKeys.set(remoteAddr, key);
    }
    return key;
  }

  /** Forgets peers with no open stream and addresses whose buckets are full (keeps memory bounded). */
  prune(): void {
    const now = this.clock();
    this.peers.prune(now, (peer) => this.streams.count(peer) > 0);
    this.addresses.prune(now);
  }
}
