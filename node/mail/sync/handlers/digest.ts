import { MailInvalidQueryError } from "../../../../client/mail/protocol/errors.js";
import type { MailLimits } from "../../options.js";
import type { MailStore } from "../../store/types.js";
import type { DigestRequest, DigestResponse } from "../sync.generated.js";
import { checkTimeRange } from "./timeRange.js";
import type { SyncKindHandler } from "./types.js";

/** What the digest handler needs. */
export interface DigestHandlerInit {
  limits: MailLimits;
  store: MailStore;
  clock: () => number;
}

/**
 * Answers a digest request: a count and an id sum per time slice of the range, with the store's
 * eviction floor. Charged to the peer's digest quota by the dispatcher, before it is read.
 */
export class DigestHandler implements SyncKindHandler<"digest"> {
  constructor(private readonly init: DigestHandlerInit) {}

  /**
   * Summarises the envelopes held in a time range.
   *
   * @param request - The range and the number of slices.
   * @returns One bucket per slice, and the floor.
   * @throws MailInvalidQueryError when the range or the number of slices is out of bounds.
   */
  async handle(request: DigestRequest): Promise<DigestResponse> {
    const { from, to, buckets } = request;
    checkTimeRange(from, to);
    if (buckets < 1 || buckets > this.init.limits.digestBuckets * 16) {
      throw new MailInvalidQueryError("The number of digest buckets is out of range");
    }
    const digest = await this.init.store.digest(from, to, buckets, this.init.clock());
    return { buckets: digest, floor: this.init.store.stats().floor };
  }
}
