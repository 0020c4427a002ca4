import { toWire } from "../../../../client/mail/protocol/envelope.js";
import type { SyncLimits } from "../../limits/syncLimits.js";
import type { MailLimits } from "../../options.js";
import type { MailStore } from "../../store/types.js";
import type { FetchRequest, FetchResponse } from "../sync.generated.js";
import { envelopeBytes } from "./envelopeBytes.js";
import type { SyncKindHandler, SyncOrigin } from "./types.js";

/** What the fetch handler needs. */
export interface FetchHandlerInit {
  limits: MailLimits;
  store: MailStore;
  /** The per-peer quotas of the node-to-node protocol. */
  quotas: SyncLimits;
  clock: () => number;
}

/**
 * Answers a fetch: the envelopes held of the ids asked for, in the order asked, up to the response
 * size budget, charged to the peer's outgoing byte quota.
 */
export class FetchHandler implements SyncKindHandler<"fetch"> {
  constructor(private readonly init: FetchHandlerInit) {}

  /**
   * Reads envelopes by id.
   *
   * @param request - The ids.
   * @param from - The admitted peer.
   * @returns The envelopes found.
   * @throws MailRateLimitedError.
   */
  async handle(request: FetchRequest, from: SyncOrigin): Promise<FetchResponse> {
    const found = await this.init.store.get(
      request.ids,
      this.init.limits.maxResponseBytes,
      this.init.clock(),
    );
    const answer: FetchResponse = { envelopes: found.map(toWire) };
    this.init.quotas.chargeOutgoing(from.peer.toString(), envelopeBytes(answer));
    return answer;
  }
}
