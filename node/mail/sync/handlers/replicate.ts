import type { PeerId } from "@libp2p/interface";

import { MailProtocolError } from "../../../../client/mail/protocol/errors.js";
import { acceptReplicated } from "../../accept.js";
import type { SyncLimits } from "../../limits/syncLimits.js";
import type { MailLimits } from "../../options.js";
import type { MailStore, PutOutcome, StoredEnvelope } from "../../store/types.js";
import { storeWriteError } from "../../store/writeFailure.js";
import type { ReplicateRequest, ReplicateResponse } from "../sync.generated.js";
import { envelopeBytes } from "./envelopeBytes.js";
import type { SyncKindHandler, SyncOrigin } from "./types.js";

/** What the replication handler needs. */
export interface ReplicateHandlerInit {
  limits: MailLimits;
  store: MailStore;
  /** The per-peer quotas of the node-to-node protocol. */
  quotas: SyncLimits;
  clock: () => number;
  /** Called with the envelopes a replication request newly stored. */
  onReplicated(envelopes: StoredEnvelope[], from: PeerId): void;
  /** Called when the store cannot write replicated envelopes. */
  onStoreError?(error: Error): void;
}

/**
 * Answers a replication request: charges the peer's incoming byte quota, checks every envelope as
 * a push would be checked (refusing those that break a rule, not the request), and stores the rest
 * in one commit.
 */
export class ReplicateHandler implements SyncKindHandler<"replicate"> {
  constructor(private readonly init: ReplicateHandlerInit) {}

  /**
   * Stores the forwarded envelopes.
   *
   * @param request - The envelopes.
   * @param from - The admitted peer and its origin key.
   * @returns How many were newly stored, already held, and refused.
   * @throws MailRateLimitedError, MailInternalError (store failing).
   */
  async handle(request: ReplicateRequest, from: SyncOrigin): Promise<ReplicateResponse> {
    this.init.quotas.chargeIncoming(from.peer.toString(), envelopeBytes(request));
    const accepted: StoredEnvelope[] = [];
    const now = this.init.clock();
    let rejected = 0;
    for (const envelope of request.envelopes) {
      try {
        accepted.push(acceptReplicated(envelope, this.init.limits, now, from.origin));
      } catch (err) {
        if (!(err instanceof MailProtocolError)) throw err;
        rejected += 1;
      }
    }
    let outcomes: PutOutcome[];
    try {
      outcomes = await this.init.store.put(accepted);
    } catch (err) {
      const error = storeWriteError(err);
      this.init.onStoreError?.(error);
      throw error;
    }
    const stored = accepted.filter((_, index) => outcomes[index] === "stored");
    if (stored.length > 0) this.init.onReplicated(stored, from.peer);
    const duplicates = outcomes.filter((outcome) => outcome === "duplicate").length;
    rejected += outcomes.length - stored.length - duplicates;
    return { stored: stored.length, duplicates, rejected };
  }
}
