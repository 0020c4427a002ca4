import type { Multiaddr } from "@multiformats/multiaddr";

import { KeyedBuckets } from "../../serving/limits/keyedBuckets.js";
import { AddressExemptions, networkAddressOf } from "../../serving/limits/networkAddress.js";
import { StreamCounter } from "../../serving/limits/streamCounter.js";
import type { RecordsLimits } from "../options.js";
import type { RecordsOrigin } from "../server/handlers/types.js";
import { RECORDS_SERVING_ERRORS } from "../server/servingErrors.js";

/** The limits {@link RecordsLimiter} enforces. */
export type RecordsLimiterOptions = Pick<
  RecordsLimits,
  | "maxStreamsPerPeer"
  | "putsPerSecondPerPeer"
  | "putBurstPerPeer"
  | "putsPerSecondPerOwner"
  | "putBurstPerOwner"
  | "readsPerSecondPerPeer"
  | "readBurstPerPeer"
  | "putsPerSecondPerAddress"
  | "putBurstPerAddress"
  | "readsPerSecondPerAddress"
  | "readBurstPerAddress"
  | "addressLimitExempt"
>;

/** One kind of request limited per peer and per network address. */
class PeerAndAddress {
  constructor(
    private readonly peers: KeyedBuckets,
    private readonly addresses: KeyedBuckets,
  ) {}

  charge(peer: string, address: string | null, now: number): void {
    this.peers.charge(peer, now);
    if (address === null) return;
    try {
      this.addresses.charge(address, now);
    } catch (err) {
      this.peers.refund(peer);
      throw err;
    }
  }

  refund(peer: string, address: string | null): void {
    this.peers.refund(peer);
    if (address !== null) this.addresses.refund(address);
  }

  prune(now: number): void {
    this.peers.prune(now);
    this.addresses.prune(now);
  }
}

/**
 * The records protocol's limits: open streams per peer; puts and reads per peer and per network
 * address (an IPv4 address or an IPv6 /64, so that minting peer ids buys no more; networks in
 * `addressLimitExempt` are limited per peer only); and puts per owner address, whichever peers
 * send them, charged only for a verified record newer than the one held (so nobody spends an
 * owner's allowance with records the owner did not sign, or with replays of its own). A peer,
 * address or owner over its limit never slows another.
 */
export class RecordsLimiter {
  /** Open streams per peer. */
  readonly streams: StreamCounter;
  private readonly puts: PeerAndAddress;
  private readonly reads: PeerAndAddress;
  private readonly ownerPuts: KeyedBuckets;
  private readonly exempt: AddressExemptions;
  /** Address keys of connections' remote addresses, worked out once per connection. */
  private readonly addressKeys = new WeakMap<Multiaddr, string | null>();

  /**
   * @param limits - Rates, bursts, the stream limit and the exempt networks.
   * @param clock - Milliseconds since the epoch.
   */
  constructor(
    limits: RecordsLimiterOptions,
    private readonly clock: () => number,
  ) {
    const errors = RECORDS_SERVING_ERRORS;
    const buckets = (perSecond: number, burst: number, limit: string): KeyedBuckets =>
      new KeyedBuckets({ perSecond, burst, limit }, errors);
    this.streams = new StreamCounter(limits.maxStreamsPerPeer, errors);
    this.puts = new PeerAndAddress(
      buckets(limits.putsPerSecondPerPeer, limits.putBurstPerPeer, "puts"),
      buckets(limits.putsPerSecondPerAddress, limits.putBurstPerAddress, "address-puts"),
    );
    this.reads = new PeerAndAddress(
      buckets(limits.readsPerSecondPerPeer, limits.readBurstPerPeer, "reads"),
      buckets(limits.readsPerSecondPerAddress, limits.readBurstPerAddress, "address-reads"),
    );
    this.ownerPuts = buckets(limits.putsPerSecondPerOwner, limits.putBurstPerOwner, "owner-puts");
    this.exempt = new AddressExemptions(limits.addressLimitExempt);
  }

  /**
   * Charges a put to its peer and its network address.
   *
   * @param origin - The peer and its connection's address.
   * @throws RecordsRateLimitedError (limit `puts` or `address-puts`).
   */
  chargePut(origin: RecordsOrigin): void {
    this.puts.charge(origin.peerKey, this.addressKeyOf(origin.remoteAddr), this.clock());
  }

  /**
   * Charges a verified, newer put to its owner; when refused, the peer's and address's put is
   * given back.
   *
   * @param origin - The peer and its connection's address.
   * @param owner - The record's owner, checksummed.
   * @throws RecordsRateLimitedError (limit `owner-puts`).
   */
  chargeOwnerPut(origin: RecordsOrigin, owner: string): void {
    try {
      this.ownerPuts.charge(owner, this.clock());
    } catch (err) {
      this.puts.refund(origin.peerKey, this.addressKeyOf(origin.remoteAddr));
      throw err;
    }
  }

  /**
   * Charges a get or a list to its peer and its network address.
   *
   * @param origin - The peer and its connection's address.
   * @throws RecordsRateLimitedError (limit `reads` or `address-reads`).
   */
  chargeRead(origin: RecordsOrigin): void {
    this.reads.charge(origin.peerKey, this.addressKeyOf(origin.remoteAddr), this.clock());
  }

  /** Forgets peers, addresses and owners whose buckets are full (keeps memory bounded). */
  prune(): void {
    const now = this.clock();
    this.puts.prune(now);
    this.reads.prune(now);
    this.ownerPuts.prune(now);
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
}
