import type { FetchRequest, FetchResponse } from "../sync.generated.js";
import type { MailReplicationServer, SyncKindHandler, SyncOrigin } from "./types.js";

/**
 * Answers a fetch: the envelopes held of the ids asked for, in the order asked, up to the response
 * size budget, charged to the peer's outgoing byte quota.
 */
export class FetchHandler implements SyncKindHandler<"fetch"> {
  constructor(private readonly server: MailReplicationServer) {}

  /**
   * Reads envelopes by id.
   *
   * @param request - The ids.
   * @param from - The admitted peer.
   * @returns The envelopes found.
   * @throws MailRateLimitedError.
   */
  async handle(request: FetchRequest, from: SyncOrigin): Promise<FetchResponse> {
    return { envelopes: await this.server.fetch(request.ids, from) };
  }
}
