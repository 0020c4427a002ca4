import type { DigestRequest, DigestResponse } from "../sync.generated.js";
import type { RecordsReplicationServer, SyncKindHandler } from "./types.js";

/**
 * Answers a digest request: a count and a checksum per slice of a range of key positions. Charged
 * to the peer's digest quota by the dispatcher, before it is read.
 */
export class DigestHandler implements SyncKindHandler<"digest"> {
  constructor(private readonly server: RecordsReplicationServer) {}

  /**
   * Summarises the records held in a range of positions.
   *
   * @param request - The range and the number of slices.
   * @returns One bucket per slice, and the floor (0).
   * @throws RecordsInvalidQueryError when the range or the number of slices is out of bounds.
   */
  async handle(request: DigestRequest): Promise<DigestResponse> {
    return this.server.digest({ range: { from: request.from, to: request.to }, buckets: request.buckets });
  }
}
