import type { AuditIdsRequest, AuditIdsResponse } from "../../../../client/mail/protocol/mail.generated.js";
import { decodeCursor, encodeCursor } from "../../cursor.js";
import type { PeerLimits, RequestOrigin } from "../../limits/peerLimits.js";
import type { AuditHandlerInit } from "./auditDigest.js";
import { checkAuditRequestRange } from "./auditDigest.js";
import type { ClientKindHandler } from "./types.js";

/** Ids an audit page lists per query it is charged. */
export const AUDIT_IDS_PER_QUERY = 1_000;

/** What the audit id handler needs: the audit handlers' parts and the query buckets. */
export interface AuditIdsHandlerInit extends AuditHandlerInit {
  peerLimits: PeerLimits;
}

/**
 * Answers an audit id listing: one page of the ids held in a range of envelope timestamps, ordered
 * by (timestamp, id), with the cursor of the next. Only ids travel. The page size is clamped to
 * `auditMaxIdsPerPage` and charged to the peer's query buckets, one query per 1,000 ids asked.
 */
export class AuditIdsHandler implements ClientKindHandler<"auditIds"> {
  constructor(private readonly init: AuditIdsHandlerInit) {}

  /**
   * Lists one page of ids.
   *
   * @param request - The range, cursor and page size.
   * @param origin - The remote peer and its address.
   * @returns The ids and the cursor of the next page (empty when there is none).
   * @throws MailInvalidQueryError (range out of bounds, a cursor this node did not issue),
   *   MailRateLimitedError.
   */
  async handle(request: AuditIdsRequest, origin: RequestOrigin): Promise<AuditIdsResponse> {
    const { limits } = this.init;
    checkAuditRequestRange(request, limits);
    const after = decodeCursor(request.cursor);
    const limit =
      request.limit === 0 ? limits.auditMaxIdsPerPage : Math.min(request.limit, limits.auditMaxIdsPerPage);
    const units = Math.min(
      Math.max(1, Math.ceil(limit / AUDIT_IDS_PER_QUERY)),
      limits.queryBurst,
      limits.addressQueryBurst,
    );
    this.init.peerLimits.charge(origin, { kind: "query", units });
    const page = await this.init.store.listIds(request.from, request.to, after, limit, this.init.clock());
    return {
      ids: page.ids as AuditIdsResponse["ids"],
      cursor: (page.next === undefined
        ? new Uint8Array(0)
        : encodeCursor(page.next)) as AuditIdsResponse["cursor"],
    };
  }
}
