import type { Multiaddr } from "@multiformats/multiaddr";

import { KeyedBuckets } from "../../../serving/limits/keyedBuckets.js";
import { AddressExemptions, networkAddressOf } from "../../../serving/limits/networkAddress.js";
import type { RequestOrigin } from "../../../serving/requestOrigin.js";
import type { MailLimits } from "../../options.js";
import { MAIL_SERVING_ERRORS } from "../servingErrors.js";

/** The limits {@link AuditLimits} enforces. */
export type AuditLimitOptions = Pick<
  MailLimits,
  | "auditDigestsPerSecond"
  | "auditDigestBurst"
  | "addressAuditDigestsPerSecond"
  | "addressAuditDigestBurst"
  | "addressLimitExempt"
>;

/** Charges between two sweeps of full buckets (keeps memory bounded by recent peers). */
const PRUNE_EVERY = 1_024;

/**
 * Quotas of audit digests, each a scan of a time range of the store: per peer, and per network
 * address (an IPv4 address or an IPv6 /64) so that minting peer ids buys no more. Addresses in
 * `addressLimitExempt` are limited per peer only. Id pages are charged to the query buckets.
 */
export class AuditLimits {
  private readonly peers: KeyedBuckets;
  private readonly addresses: KeyedBuckets;
  private readonly exempt: AddressExemptions;
  private charges = 0;

  /**
   * @param limits - Rates, bursts and exempt networks.
   * @param clock - Milliseconds since the epoch.
   */
  constructor(
    limits: AuditLimitOptions,
    private readonly clock: () => number,
  ) {
    this.peers = new KeyedBuckets(
      { perSecond: limits.auditDigestsPerSecond, burst: limits.auditDigestBurst, limit: "audit-digests" },
      MAIL_SERVING_ERRORS,
    );
    this.addresses = new KeyedBuckets(
      {
        perSecond: limits.addressAuditDigestsPerSecond,
        burst: limits.addressAuditDigestBurst,
        limit: "address-audit-digests",
      },
      MAIL_SERVING_ERRORS,
    );
    this.exempt = new AddressExemptions(limits.addressLimitExempt);
  }

  /**
   * Charges one digest to the peer and its address; nothing is taken when either refuses.
   *
   * @param origin - The peer and its connection's address.
   * @throws MailRateLimitedError (limit `audit-digests` or `address-audit-digests`) with the wait.
   */
  chargeDigest(origin: RequestOrigin): void {
    const now = this.clock();
    if (++this.charges % PRUNE_EVERY === 0) {
      this.peers.prune(now);
      this.addresses.prune(now);
    }
    this.peers.charge(origin.peer, now);
    const address = this.addressKeyOf(origin.remoteAddr);
    if (address === undefined) return;
    try {
      this.addresses.charge(address, now);
    } catch (err) {
      this.peers.refund(origin.peer);
      throw err;
    }
  }

  private addressKeyOf(remoteAddr: Multiaddr): string | undefined {
    const address = networkAddressOf(remoteAddr);
    return address === undefined || this.exempt.has(address.ip) ? undefined : address.key;
  }
}
