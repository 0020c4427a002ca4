import type { Multiaddr } from "@multiformats/multiaddr";

import { MailRateLimitedError } from "../../../client/mail/protocol/errors.js";
import type { MailLimits } from "../options.js";
import { AddressExemptions, networkAddressOf } from "../../serving/limits/networkAddress.js";
import { TokenBucket } from "../../serving/limits/tokenBucket.js";

/** The limits {@link SyncLimits} enforces. */
export type SyncLimitOptions = Pick<
  MailLimits,
  | "syncRequestsPerSecond"
  | "syncRequestBurst"
  | "syncBytesPerSecond"
  | "syncBytesBurst"
  | "syncDigestsPerSecond"
  | "syncDigestBurst"
  | "syncAdmissionsPerSecond"
  | "syncAdmissionBurst"
  | "addressLimitExempt"
>;

interface PeerBuckets {
  requests: TokenBucket;
  bytes: TokenBucket;
  digests: TokenBucket;
}

/**
 * Quotas of the node-to-node protocol. Per peer: requests, envelope bytes moved (replicated here
 * or fetched from here) and digests (each a scan of a time range). Per network address: streams of
 * peers not yet known as replication peers, checked before the registry is asked about them, so
 * that minting peer ids buys no registry calls. Whatever a peer does, it costs at most these.
 */
export class SyncLimits {
  private readonly peers = new Map<string, PeerBuckets>();
  private readonly admissions = new Map<string, TokenBucket>();
  private readonly exempt: AddressExemptions;

  /**
   * @param limits - Rates and bursts, and the networks exempt from per-address limits.
   * @param clock - Milliseconds since the epoch.
   */
  constructor(
    private readonly limits: SyncLimitOptions,
    private readonly clock: () => number,
  ) {
    this.exempt = new AddressExemptions(limits.addressLimitExempt);
  }

  /**
   * Admits a stream of a peer not yet known as a replication peer, before the registry is asked.
   *
   * @param remoteAddr - The connection's remote address.
   * @throws MailRateLimitedError (limit `sync-admissions`) when its address is over the limit.
   */
  admitUnknown(remoteAddr: Multiaddr): void {
    const address = networkAddressOf(remoteAddr);
    if (address === undefined || this.exempt.has(address.ip)) return;
    const now = this.clock();
    let bucket = this.admissions.get(address.key);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.limits.syncAdmissionBurst, this.limits.syncAdmissionsPerSecond, now);
      this.admissions.set(address.key, bucket);
    }
    refuseIfLimited("sync-admissions", bucket.take(1, now));
  }

  /**
   * Charges one request of a peer.
   *
   * @param peer - The peer id, as text.
   * @param kind - A digest also takes one of the peer's digests.
   * @throws MailRateLimitedError (`sync-requests`, `sync-digests`, or `sync-bytes` while the peer
   * has moved more than its byte quota).
   */
  chargeRequest(peer: string, kind: "digest" | "other" = "other"): void {
    const now = this.clock();
    const buckets = this.of(peer, now);
    refuseIfLimited("sync-bytes", buckets.bytes.take(0, now));
    refuseIfLimited("sync-requests", buckets.requests.take(1, now));
    if (kind !== "digest") return;
    const wait = buckets.digests.take(1, now);
    if (wait > 0) buckets.requests.refund(1);
    refuseIfLimited("sync-digests", wait);
  }

  /**
   * Charges envelope bytes a peer wants stored here; nothing is taken when they do not fit.
   *
   * @param peer - The peer id, as text.
   * @param bytes - Payload bytes of the request.
   * @throws MailRateLimitedError (limit `sync-bytes`).
   */
  chargeIncoming(peer: string, bytes: number): void {
    const now = this.clock();
    refuseIfLimited(
      "sync-bytes",
      this.of(peer, now).bytes.take(Math.min(bytes, this.limits.syncBytesBurst), now),
    );
  }

  /**
   * Charges the bytes of an answer already made (a fetch): the peer's next requests wait until
   * its quota has recovered.
   *
   * @param peer - The peer id, as text.
   * @param bytes - Bytes answered.
   */
  chargeOutgoing(peer: string, bytes: number): void {
    const now = this.clock();
    this.of(peer, now).bytes.spend(bytes, now);
  }

  /** Forgets peers and addresses whose buckets are full again (keeps memory bounded). */
  prune(): void {
    const now = this.clock();
    for (const [peer, buckets] of this.peers) {
      if (buckets.requests.isFull(now) && buckets.bytes.isFull(now) && buckets.digests.isFull(now)) {
        this.peers.delete(peer);
      }
    }
    for (const [address, bucket] of this.admissions) if (bucket.isFull(now)) this.admissions.delete(address);
  }

  private of(peer: string, now: number): PeerBuckets {
    let buckets = this.peers.get(peer);
    if (buckets === undefined) {
      const { limits } = this;
      buckets = {
        requests: new TokenBucket(limits.syncRequestBurst, limits.syncRequestsPerSecond, now),
        bytes: new TokenBucket(limits.syncBytesBurst, limits.syncBytesPerSecond, now),
        digests: new TokenBucket(limits.syncDigestBurst, limits.syncDigestsPerSecond, now),
      };
      this.peers.set(peer, buckets);
    }
    return buckets;
  }
}

function refuseIfLimited(limit: string, waitMs: number): void {
  if (waitMs === 0) return;
  throw new MailRateLimitedError(
    `Too many node-to-node ${limit.slice("sync-".length)}; retry in ${waitMs} ms`,
    {
      limit,
      retryAfterMs: waitMs,
    },
  );
}
