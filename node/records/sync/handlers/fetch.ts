import type { FetchRequest, FetchResponse } from "../sync.generated.js";
import type { RecordsReplicationServer, SyncKindHandler, SyncOrigin } from "./types.js";

/**
 * Answers a fetch: the live records held under the keys of the listed ids asked for (the version
 * held now), in the order asked, up to the response size budget, charged to the peer's outgoing
 * byte quota.
 */
export class FetchHandler implements SyncKindHandler<"fetch"> {
  constructor(private readonly server: RecordsReplicationServer) {}

  /**
   * Reads records by listed id.
   *
   * @param request - The ids.
   * @param from - The admitted peer.
   * @returns The records found.
   * @throws RecordsRateLimitedError.
   */
  async handle(request: FetchRequest, from: SyncOrigin): Promise<FetchResponse> {
    return { records: await this.server.fetch(request.ids, from) };
  }
}
