import { MAIL_PROTOCOLS } from "./constants.js";
import { MailBadResponseError, MailInvalidQueryError, errorFromFrame } from "./errors.js";
import { Request } from "./mail.generated.js";
import { decodeResponse } from "./response.js";
import type { MailPeer, MailRequestOptions, MailStreamSource } from "./roundTrip.js";
import { roundTrip } from "./roundTrip.js";

/** A time range, inclusive at both ends, in milliseconds since the epoch (envelope timestamps). */
export interface AuditRange {
  from: number;
  to: number;
}

/** Count and id checksum of the envelopes a node holds in one slice of a range. */
export interface AuditBucket {
  /** Envelopes in the slice. */
  count: number;
  /** Sum of the first four bytes of each id (big-endian unsigned), modulo 2^53. */
  sum: number;
}

/** Parameters of {@link requestAuditDigest}. */
export interface AuditDigestParameters {
  /** The range; its width must not exceed the node's `auditMaxRangeMs`. */
  range: AuditRange;
  /** Equal slices to cut the range into (at most the node's `auditMaxBuckets`). */
  buckets: number;
}

/** A node's digest of a range. */
export interface AuditDigestReturnType {
  /** One bucket per slice, in order. */
  buckets: AuditBucket[];
  /** Envelopes with a timestamp at or below this were evicted for space; 0 when none. */
  floor: number;
  /** Bytes of the exchange: request and response frames with their length prefixes. */
  bytes: number;
}

/**
 * Checks a range as every audit request carries it.
 *
 * @param range - The range.
 * @throws MailInvalidQueryError when an end is not a non-negative safe integer or `from` is after `to`.
 */
export function checkAuditRange(range: AuditRange): void {
  for (const value of [range.from, range.to]) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new MailInvalidQueryError("An audit range's ends are non-negative integers of milliseconds");
    }
  }
  if (range.from > range.to) throw new MailInvalidQueryError("`from` is after `to`");
}

/**
 * Bytes a frame takes on the stream: its length prefix and itself.
 *
 * @param length - The frame's length.
 * @returns The bytes.
 */
export function framedBytes(length: number): number {
  let prefix = 1;
  for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 0x80)) prefix += 1;
  return prefix + length;
}

/**
 * Asks a mail node for the digest of a time range (completeness audit): a count and an id checksum
 * per slice. Nothing but counts and checksums travels.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node.
 * @param parameters - The range and the number of slices.
 * @param options - Signal, timeout, response size limit.
 * @returns The buckets, the node's eviction floor, and the bytes moved.
 * @throws MailInvalidQueryError when the range or slices break a rule (checked here, then by the node).
 * @throws MailRateLimitedError when this peer or its address is over its audit quota.
 * @throws MailBadResponseError when the node answers another number of slices, or another kind.
 * @throws MailUnsupportedVersionError when the node does not serve audits, and the failures of
 * every request (MailUnreachableError, MailTimeoutError, ...).
 */
export async function requestAuditDigest(
  source: MailStreamSource,
  peer: MailPeer,
  parameters: AuditDigestParameters,
  options: MailRequestOptions = {},
): Promise<AuditDigestReturnType> {
  const { range, buckets } = parameters;
  checkAuditRange(range);
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 0xffff_ffff) {
    throw new MailInvalidQueryError("`buckets` is not a positive integer");
  }
  const request = Request.encode({ auditDigest: { from: range.from, to: range.to, buckets } });
  const { frame } = await roundTrip(source, peer, { protocols: MAIL_PROTOCOLS, request }, options);
  const response = decodeResponse(frame);
  if (response.error !== undefined) throw errorFromFrame(response.error);
  const digest = response.auditDigest;
  if (digest === undefined) throw new MailBadResponseError("The node answered a digest with another kind");
  if (digest.buckets.length !== buckets) {
    throw new MailBadResponseError(
      `The node answered ${digest.buckets.length} slices; ${buckets} were asked for`,
    );
  }
  return {
    buckets: digest.buckets.map((bucket) => ({ count: bucket.count, sum: bucket.sum })),
    floor: digest.floor,
    bytes: framedBytes(request.byteLength) + framedBytes(frame.byteLength),
  };
}
