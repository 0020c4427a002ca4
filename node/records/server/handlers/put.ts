import {
  InvalidRecordError,
  RecordsInternalError,
  RecordsProtocolError,
} from "../../../../client/records/protocol/errors.js";
import type { RecordDomain, SignedRecord } from "../../../../client/records/protocol/record.js";
import { recordFromWire, verifyRecord } from "../../../../client/records/protocol/record.js";
import type { PutRequest, PutResponse } from "../../../../client/records/protocol/records.generated.js";
import type { RecordsLimiter } from "../../limits/recordsLimits.js";
import type { RecordsLimits } from "../../options.js";
import { orderRecord, staleRecordError } from "../../store/ordering.js";
import type { RecordsStore } from "../../store/types.js";
import { answer } from "./types.js";
import type { RecordsKindHandler, RecordsOrigin } from "./types.js";

/** What the put handler needs. */
export interface PutHandlerInit {
  limits: RecordsLimits;
  limiter: RecordsLimiter;
  store: RecordsStore;
  /** The deployment records must be signed for. */
  domain: RecordDomain;
  clock: () => number;
  /** Called once a record is newly committed (not for a duplicate). */
  onStored(record: SignedRecord, origin: RecordsOrigin): void;
  /** Called when the store cannot write a put. */
  onStoreError?(error: Error): void;
}

/**
 * Answers a put: charges the peer, checks the record's fields against the node's limits and its
 * signature against its owner under the node's deployment, answers a duplicate or a stale record
 * at once, charges the owner for a newer one, and acknowledges once the store has committed it.
 */
export class PutHandler implements RecordsKindHandler<"put"> {
  constructor(private readonly init: PutHandlerInit) {}

  /**
   * Stores the record.
   *
   * @param request - The put.
   * @param origin - The remote peer.
   * @returns Whether the node already held the record.
   * @throws RecordsRateLimitedError (limits `puts`, `owner-puts`), InvalidRecordError,
   *   RecordTooLargeError (`name`, `value`), RecordExpiredError, RecordBadSignatureError,
   *   RecordStaleSequenceError, RecordQuotaExceededError (`records`, `bytes`, `capacity`),
   *   RecordsInternalError (the store cannot write).
   */
  handle(request: PutRequest, origin: RecordsOrigin): Promise<PutResponse> {
    return answer(async () => {
      const { limits, limiter, store } = this.init;
      if (request.record === undefined) throw new InvalidRecordError("The put carries no record");
      limiter.chargePut(origin);
      const now = this.init.clock();
      const record = verifyRecord(
        this.init.domain,
        recordFromWire(request.record),
        limits,
        Math.floor(now / 1000),
      );
      // Only a record newer than the one held spends the owner's allowance: anyone can replay an
      // owner's published records, and those must not crowd out the owner's own updates.
      const held = await store.get(record.owner, record.name);
      const order = orderRecord(held, record);
      if (order === "duplicate") return { duplicate: true };
      if (order === "stale") throw staleRecordError(held, record);
      limiter.chargeOwnerPut(origin, record.owner);
      let outcome;
      try {
        outcome = await store.put(record);
      } catch (err) {
        if (err instanceof RecordsProtocolError) throw err;
        const reason = err instanceof Error ? err.message : String(err);
        const error = new RecordsInternalError(`The node's records store cannot write: ${reason}`, {
          cause: err,
        });
        this.init.onStoreError?.(error);
        throw error;
      }
      if (outcome === "stored") this.init.onStored(record, origin);
      return { duplicate: outcome === "duplicate" };
    });
  }
}
