import type { ListIdsRequest, ListIdsResponse } from "../sync.generated.js";
import type { RecordsReplicationServer, SyncKindHandler, SyncOrigin } from "./types.js";

/**
 * Answers an id listing: one page of the listed ids of the records held in a range of positions,
 * ordered by (position, key hash), charged to the peer's outgoing byte quota.
 */
export class ListIdsHandler implements SyncKindHandler<"listIds"> {
  constructor(private readonly server: RecordsReplicationServer) {}

  /**
   * Lists one page of ids.
   *
   * @param request - The range, the cursor of the previous page and the page size.
   * @param from - The admitted peer.
   * @returns The ids and the cursor of the next page (empty when there is none).
   * @throws RecordsInvalidQueryError (bad range or cursor), RecordsRateLimitedError.
   */
  async handle(request: ListIdsRequest, from: SyncOrigin): Promise<ListIdsResponse> {
    const page = await this.server.listIds(
      { range: { from: request.from, to: request.to }, cursor: request.cursor, limit: request.limit },
      from,
    );
    return page as ListIdsResponse;
  }
}
