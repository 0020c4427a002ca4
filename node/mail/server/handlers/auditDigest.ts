import { MailInvalidQueryError } from "../../../../client/mail/protocol/errors.js";
import type {
  AuditDigestRequest,
  AuditDigestResponse,
} from "../../../../client/mail/protocol/mail.generated.js";
import type { RequestOrigin } from "../../limits/peerLimits.js";
import type { MailLimits } from "../../options.js";
import type { MailStore } from "../../store/types.js";
import type { AuditLimits } from "./auditLimits.js";
import type { ClientKindHandler } from "./types.js";

/** Digest sums travel modulo 2^53, exact as JavaScript numbers (as in the sync protocol). */
const DIGEST_SUM_MODULUS = 2n ** 53n;

/** What the audit handlers need. */
export interface AuditHandlerInit {
  limits: MailLimits;
  auditLimits: AuditLimits;
  store: MailStore;
  clock: () => number;
}

/**
 * Checks an audit request's range against the node's rules.
 *
 * @param request - The range's ends.
 * @param limits - The node's `auditMaxRangeMs`.
 * @throws MailInvalidQueryError when `from` is after `to`, `to` is beyond the safe integers, or the
 * range is wider than `auditMaxRangeMs`.
 */
export function checkAuditRequestRange(
  request: { from: number; to: number },
  limits: Pick<MailLimits, "auditMaxRangeMs">,
): void {
  if (request.from > request.to || request.to > Number.MAX_SAFE_INTEGER) {
    throw new MailInvalidQueryError("The audit range is invalid");
  }
  if (request.to - request.from + 1 > limits.auditMaxRangeMs) {
    throw new MailInvalidQueryError(`An audit range may span at most ${limits.auditMaxRangeMs} ms`);
  }
}

/**
 * Answers an audit digest: a count and an id checksum per time slice of a range of envelope
 * timestamps, and the store's eviction floor. Charged to the peer's and its address's audit digest
 * quota before the store is read; the range and the number of slices are bounded.
 */
export class AuditDigestHandler implements ClientKindHandler<"auditDigest"> {
  constructor(private readonly init: AuditHandlerInit) {}

  /**
   * Summarises the envelopes held in a range.
   *
   * @param request - The range and the number of slices.
   * @param origin - The remote peer and its address.
   * @returns One bucket per slice, and the floor.
   * @throws MailInvalidQueryError (range or slices out of bounds), MailRateLimitedError.
   */
  async handle(request: AuditDigestRequest, origin: RequestOrigin): Promise<AuditDigestResponse> {
    const { limits } = this.init;
    checkAuditRequestRange(request, limits);
    if (request.buckets < 1 || request.buckets > limits.auditMaxBuckets) {
      throw new MailInvalidQueryError(`An audit digest has 1 to ${limits.auditMaxBuckets} slices`);
    }
    this.init.auditLimits.chargeDigest(origin);
    const buckets = await this.init.store.digest(
      request.from,
      request.to,
      request.buckets,
      this.init.clock(),
    );
    return {
      buckets: buckets.map((bucket) => ({
        count: bucket.count,
        sum: Number(bucket.sum % DIGEST_SUM_MODULUS),
      })),
      floor: this.init.store.stats().floor,
    };
  }
}
