import { decodeCursor, encodeCursor } from "../../cursor.js";
import type { SyncLimits } from "../../limits/syncLimits.js";
import type { MailStore } from "../../store/types.js";
import type { ListIdsRequest, ListIdsResponse } from "../sync.generated.js";
import { MAX_SYNC_IDS } from "../syncBounds.js";
import { checkTimeRange } from "./timeRange.js";
import type { SyncKindHandler, SyncOrigin } from "./types.js";

/** What the id listing handler needs. */
export interface ListIdsHandlerInit {
  store: MailStore;
  /** The per-peer quotas of the node-to-node protocol. */
  quotas: SyncLimits;
  clock: () => number;
}

/** Bytes an id takes in the answer, as charged to the peer's outgoing quota: 32, a tag and a length. */
const ID_WIRE_BYTES = 34;

/**
 * Answers an id listing: one page of the ids held in a time range, ordered by (timestamp, id),
 * charged to the peer's outgoing byte quota.
 */
export class ListIdsHandler implements SyncKindHandler<"listIds"> {
  constructor(private readonly init: ListIdsHandlerInit) {}

  /**
   * Lists one page of ids.
   *
   * @param request - The range, the cursor of the previous page and the page size.
   * @param from - The admitted peer.
   * @returns The ids and the cursor of the next page (empty when there is none).
   * @throws MailInvalidQueryError (bad range or cursor), MailRateLimitedError.
   */
  async handle(request: ListIdsRequest, from: SyncOrigin): Promise<ListIdsResponse> {
    checkTimeRange(request.from, request.to);
    const limit = Math.min(Math.max(request.limit, 1), MAX_SYNC_IDS);
    const page = await this.init.store.listIds(
      request.from,
      request.to,
      decodeCursor(request.cursor),
      limit,
      this.init.clock(),
    );
    const answer: ListIdsResponse = {
      ids: page.ids as ListIdsResponse["ids"],
      cursor: (page.next === undefined
        ? new Uint8Array(0)
        : encodeCursor(page.next)) as ListIdsResponse["cursor"],
    };
    this.init.quotas.chargeOutgoing(from.peer.toString(), answer.ids.length * ID_WIRE_BYTES);
    return answer;
  }
}
