import type { ReplicateRequest, ReplicateResponse } from "../sync.generated.js";
import type { RecordsReplicationServer, SyncKindHandler, SyncOrigin } from "./types.js";

/**
 * Answers a replication request: the core charges the peer's incoming byte quota, verifies every
 * record as a client's put is verified (the owner's signature under this node's domain, its
 * limits and clock), refusing those that fail or are older than what is held (not the request),
 * and stores the rest.
 */
export class ReplicateHandler implements SyncKindHandler<"replicate"> {
  constructor(private readonly server: RecordsReplicationServer) {}

  /**
   * Stores the forwarded records.
   *
   * @param request - The records.
   * @param from - The admitted peer and its origin key.
   * @returns How many were newly stored, already held, and refused.
   * @throws RecordsRateLimitedError, RecordsInternalError (store failing).
   */
  async handle(request: ReplicateRequest, from: SyncOrigin): Promise<ReplicateResponse> {
    return this.server.replicate(request.records, from);
  }
}
