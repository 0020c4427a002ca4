import type { ReplicateRequest, ReplicateResponse } from "../sync.generated.js";
import type { MailReplicationServer, SyncKindHandler, SyncOrigin } from "./types.js";

/**
 * Answers a replication request: the core charges the peer's incoming byte quota, checks every
 * envelope as a push would be checked (refusing those that break a rule, not the request), and
 * stores the rest in one commit.
 */
export class ReplicateHandler implements SyncKindHandler<"replicate"> {
  constructor(private readonly server: MailReplicationServer) {}

  /**
   * Stores the forwarded envelopes.
   *
   * @param request - The envelopes.
   * @param from - The admitted peer and its origin key.
   * @returns How many were newly stored, already held, and refused.
   * @throws MailRateLimitedError, MailInternalError (store failing).
   */
  async handle(request: ReplicateRequest, from: SyncOrigin): Promise<ReplicateResponse> {
    return this.server.replicate(request.envelopes, from);
  }
}
