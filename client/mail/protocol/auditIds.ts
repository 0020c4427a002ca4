import { ENVELOPE_ID_BYTES, MAIL_PROTOCOLS } from "./constants.js";
import type { AuditRange } from "./auditDigest.js";
import { checkAuditRange, framedBytes } from "./auditDigest.js";
import { MailBadResponseError, MailInvalidQueryError, errorFromFrame } from "./errors.js";
import type { AuditIdsRequest } from "./mail.generated.js";
import { Request } from "./mail.generated.js";
import { decodeResponse } from "./response.js";
import type { MailPeer, MailRequestOptions, MailStreamSource } from "./roundTrip.js";
import { roundTrip } from "./roundTrip.js";

/** Parameters of {@link requestAuditIds}. */
export interface AuditIdsParameters {
  /** The range; its width must not exceed the node's `auditMaxRangeMs`. */
  range: AuditRange;
  /** The `cursor` of the previous page; absent for the first. */
  cursor?: Uint8Array | undefined;
  /** Ids wanted; the node clamps it to its `auditMaxIdsPerPage`. */
  limit: number;
}

/** One page of the ids a node holds in a range. */
export interface AuditIdsReturnType {
  /** Envelope ids (32 bytes each), ordered by (timestamp, id). */
  ids: Uint8Array[];
  /** Pass it back for the next page; undefined when there is none. */
  cursor: Uint8Array | undefined;
  /** Bytes of the exchange: request and response frames with their length prefixes. */
  bytes: number;
}

/**
 * Asks a mail node for one page of the ids it holds in a time range (completeness audit). Only ids
 * travel: no topic, payload or size.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node.
 * @param parameters - The range, cursor and page size.
 * @param options - Signal, timeout, response size limit.
 * @returns The ids, the cursor of the next page, and the bytes moved.
 * @throws MailInvalidQueryError when the range or cursor breaks a rule.
 * @throws MailRateLimitedError when this peer or its address is over its query quota.
 * @throws MailBadResponseError when the node answers more ids than asked, an id that is not 32
 * bytes, or another kind; and the failures of every request.
 */
export async function requestAuditIds(
  source: MailStreamSource,
  peer: MailPeer,
  parameters: AuditIdsParameters,
  options: MailRequestOptions = {},
): Promise<AuditIdsReturnType> {
  const { range, limit } = parameters;
  checkAuditRange(range);
  if (!Number.isInteger(limit) || limit < 1 || limit > 0xffff_ffff) {
    throw new MailInvalidQueryError("`limit` is not a positive integer");
  }
  const request = Request.encode({
    auditIds: {
      from: range.from,
      to: range.to,
      cursor: (parameters.cursor ?? new Uint8Array(0)) as AuditIdsRequest["cursor"],
      limit,
    },
  });
  const { frame } = await roundTrip(source, peer, { protocols: MAIL_PROTOCOLS, request }, options);
  const response = decodeResponse(frame);
  if (response.error !== undefined) throw errorFromFrame(response.error);
  const page = response.auditIds;
  if (page === undefined) throw new MailBadResponseError("The node answered an id listing with another kind");
  if (page.ids.length > limit) throw new MailBadResponseError("The node answered more ids than asked for");
  if (page.ids.some((id) => id.byteLength !== ENVELOPE_ID_BYTES)) {
    throw new MailBadResponseError("The node answered an id that is not an envelope id");
  }
  return {
    ids: page.ids,
    cursor: page.cursor.byteLength === 0 ? undefined : page.cursor,
    bytes: framedBytes(request.byteLength) + framedBytes(frame.byteLength),
  };
}
