import type { DigestRequest, DigestResponse } from "../sync.generated.js";
import type { MailReplicationServer, SyncKindHandler } from "./types.js";

/**
 * Answers a digest request: a count and an id sum per time slice of the range, with the store's
 * eviction floor. Charged to the peer's digest quota by the dispatcher, before it is read.
 */
export class DigestHandler implements SyncKindHandler<"digest"> {
  constructor(private readonly server: MailReplicationServer) {}

  /**
   * Summarises the envelopes held in a time range.
   *
   * @param request - The range and the number of slices.
   * @returns One bucket per slice, and the floor.
   * @throws MailInvalidQueryError when the range or the number of slices is out of bounds.
   */
  async handle(request: DigestRequest): Promise<DigestResponse> {
    const digest = await this.server.digest({
      range: { from: request.from, to: request.to },
      buckets: request.buckets,
    });
    // The store's sums are below 2^53 (the mail adapter reduces them): exact as numbers.
    return { ...digest, buckets: digest.buckets.map((b) => ({ count: b.count, sum: Number(b.sum) })) };
  }
}
