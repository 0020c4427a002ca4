import {
  MailInternalError,
  MailInvalidEnvelopeError,
  MailProtocolError,
  MailTooLargeError,
  errorToFrame,
} from "../../../../client/mail/protocol/errors.js";
import type { PushManyRequest, PushManyResponse } from "../../../../client/mail/protocol/mail.generated.js";
import { acceptPushed } from "../../accept.js";
import type { RequestOrigin } from "../../limits/peerLimits.js";
import type { StoredEnvelope } from "../../store/types.js";
import { storeWriteError } from "../../store/writeFailure.js";
import type { PushHandlerInit } from "./push.js";
import type { ClientKindHandler } from "./types.js";

type Result = PushManyResponse.Result;

const NO_ID = new Uint8Array(0);

/**
 * Answers a push of several envelopes (an outbox flush): each envelope is charged to the peer's
 * push and byte buckets, checked and stored exactly as a push of one would be, so that a batch buys
 * nothing a peer could not get with single pushes; the accepted ones share one commit. A refused
 * envelope gets its own error in its result and does not fail its neighbours.
 */
export class PushManyHandler implements ClientKindHandler<"pushMany"> {
  constructor(private readonly init: PushHandlerInit) {}

  /**
   * Stores the accepted envelopes of a push of several.
   *
   * @param request - The envelopes.
   * @param origin - The remote peer and its address.
   * @returns One result per envelope, in order: its id and whether the node already held it, or
   *   why it was refused (MailInvalidEnvelopeError, MailTimestampOutOfRangeError, MailTooLargeError,
   *   MailRateLimitedError, MailInternalError for a full store).
   * @throws MailInvalidEnvelopeError when the push carries no envelope; MailTooLargeError (limit
   *   `push-bytes`) when its topics and payloads exceed `maxPushBatchBytes`; MailInternalError when
   *   the store fails (nothing is acknowledged).
   */
  async handle(request: PushManyRequest, origin: RequestOrigin): Promise<PushManyResponse> {
    const { envelopes } = request;
    const { limits, peerLimits } = this.init;
    if (envelopes.length === 0) throw new MailInvalidEnvelopeError("The push carries no envelope");
    let bytes = 0;
    for (const envelope of envelopes)
      bytes += envelope.payload.byteLength + Buffer.byteLength(envelope.topic);
    if (bytes > limits.maxPushBatchBytes) {
      throw new MailTooLargeError(
        `The push's topics and payloads have ${bytes} bytes; at most ${limits.maxPushBatchBytes} are allowed`,
        { limit: "push-bytes" },
      );
    }
    const now = this.init.clock();
    const results = new Array<Result>(envelopes.length);
    const accepted: StoredEnvelope[] = [];
    const positions: number[] = [];
    for (const [i, envelope] of envelopes.entries()) {
      try {
        peerLimits.charge(origin, { kind: "push", bytes: envelope.payload.byteLength });
        accepted.push(acceptPushed(envelope, limits, now));
        positions.push(i);
      } catch (err) {
        if (!(err instanceof MailProtocolError)) throw err;
        results[i] = { id: NO_ID, duplicate: false, error: errorToFrame(err) };
      }
    }
    if (accepted.length > 0) await this.commit(accepted, positions, results);
    return { results };
  }

  private async commit(accepted: StoredEnvelope[], positions: number[], results: Result[]): Promise<void> {
    let outcomes;
    try {
      outcomes = await this.init.store.put(accepted);
    } catch (err) {
      const error = storeWriteError(err);
      this.init.onStoreError?.(error);
      throw error;
    }
    for (const [j, stored] of accepted.entries()) {
      const outcome = outcomes[j];
      const position = positions[j] ?? j;
      if (outcome === "refused") {
        const refusal = new MailInternalError("The store is full and no longer keeps envelopes this old");
        results[position] = { id: NO_ID, duplicate: false, error: errorToFrame(refusal) };
        continue;
      }
      if (outcome === "stored") this.init.onStored(stored);
      results[position] = { id: stored.id as Result["id"], duplicate: outcome === "duplicate" };
    }
  }
}
