import { KeyedBuckets } from "../../serving/limits/keyedBuckets.js";
import { StreamCounter } from "../../serving/limits/streamCounter.js";
import type { RecordsLimits } from "../options.js";
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
>;

/**
 * The records protocol's limits: open streams per peer; puts and reads per peer; puts per owner
 * address, whichever peers send them (charged only once the record's signature is checked, so
 * nobody spends an owner's allowance with records the owner did not sign). A peer or owner over
 * its limit never slows another.
 */
export class RecordsLimiter {
  /** Open streams per peer. */
  readonly streams: StreamCounter;
  private readonly peerPuts: KeyedBuckets;
  private readonly ownerPuts: KeyedBuckets;
  private readonly peerReads: KeyedBuckets;

  /**
   * @param limits - Rates, bursts and the stream limit.
   * @param clock - Milliseconds since the epoch.
   */
  constructor(
    limits: RecordsLimiterOptions,
    private readonly clock: () => number,
  ) {
    const errors = RECORDS_SERVING_ERRORS;
    this.streams = new StreamCounter(limits.maxStreamsPerPeer, errors);
    this.peerPuts = new KeyedBuckets(
      { perSecond: limits.putsPerSecondPerPeer, burst: limits.putBurstPerPeer, limit: "puts" },
      errors,
    );
    this.ownerPuts = new KeyedBuckets(
      { perSecond: limits.putsPerSecondPerOwner, burst: limits.putBurstPerOwner, limit: "owner-puts" },
      errors,
    );
    this.peerReads = new KeyedBuckets(
      { perSecond: limits.readsPerSecondPerPeer, burst: limits.readBurstPerPeer, limit: "reads" },
      errors,
    );
  }

  /**
   * Charges a put to its peer.
   *
   * @param peer - The peer id, as text.
   * @throws RecordsRateLimitedError (limit `puts`).
   */
  chargePeerPut(peer: string): void {
    this.peerPuts.charge(peer, this.clock());
  }

  /**
   * Charges a verified put to its owner; when refused, the peer's put is given back.
   *
   * @param peer - The peer id, as text.
   * @param owner - The record's owner, checksummed.
   * @throws RecordsRateLimitedError (limit `owner-puts`).
   */
  chargeOwnerPut(peer: string, owner: string): void {
    try {
      this.ownerPuts.charge(owner, this.clock());
    } catch (err) {
      this.peerPuts.refund(peer);
      throw err;
    }
  }

  /**
   * Charges a get or a list to its peer.
   *
   * @param peer - The peer id, as text.
   * @throws RecordsRateLimitedError (limit `reads`).
   */
  chargeRead(peer: string): void {
    this.peerReads.charge(peer, this.clock());
  }

  /** Forgets peers and owners whose buckets are full (keeps memory bounded). */
  prune(): void {
    const now = this.clock();
    this.peerPuts.prune(now);
    this.ownerPuts.prune(now);
    this.peerReads.prune(now);
  }
}
