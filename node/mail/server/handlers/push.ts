import { MailInternalError, MailInvalidEnvelopeError } from "../../../../client/mail/protocol/errors.js";
import type { PushRequest, PushResponse } from "../../../../client/mail/protocol/mail.generated.js";
import { acceptPushed } from "../../accept.js";
import type { PeerLimits, RequestOrigin } from "../../limits/peerLimits.js";
import type { MailLimits } from "../../options.js";
import type { MailStore, PutOutcome, StoredEnvelope } from "../../store/types.js";
import { storeWriteError } from "../../store/writeFailure.js";
import type { ClientKindHandler } from "./types.js";

/** What the push handler needs. */
export interface PushHandlerInit {
  limits: MailLimits;
  peerLimits: PeerLimits;
  store: MailStore;
  clock: () => number;
  /** Called once a pushed envelope is newly committed. */
  onStored(envelope: StoredEnvelope): void;
  /** Called when the store cannot write a pushed envelope. */
  onStoreError?(error: Error): void;
}

/**
 * Answers a push: charges the peer's push and byte buckets, checks the envelope as a push, and
 * acknowledges it once the store has committed it.
 */
export class PushHandler implements ClientKindHandler<"push"> {
  constructor(private readonly init: PushHandlerInit) {}

  /**
   * Stores the pushed envelope.
   *
   * @param request - The push.
   * @param origin - The remote peer and its address.
   * @returns The envelope id, and whether the node already held it.
   * @throws MailInvalidEnvelopeError, MailTimestampOutOfRangeError, MailTooLargeError,
   *   MailRateLimitedError, MailInternalError (store full or failing).
   */
  async handle(request: PushRequest, origin: RequestOrigin): Promise<PushResponse> {
    const { envelope } = request;
    if (envelope === undefined) throw new MailInvalidEnvelopeError("The push carries no envelope");
    this.init.peerLimits.charge(origin, { kind: "push", bytes: envelope.payload.byteLength });
    const stored = acceptPushed(envelope, this.init.limits, this.init.clock());
    let outcome: PutOutcome | undefined;
    try {
      [outcome] = await this.init.store.put([stored]);
    } catch (err) {
      const error = storeWriteError(err);
      this.init.onStoreError?.(error);
      throw error;
    }
    if (outcome === "refused") {
      throw new MailInternalError("The store is full and no longer keeps envelopes this old");
    }
    if (outcome === "stored") this.init.onStored(stored);
    return { id: stored.id as PushResponse["id"], duplicate: outcome === "duplicate" };
  }
}
