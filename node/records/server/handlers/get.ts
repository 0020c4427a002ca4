import { recordToWire } from "../../../../client/records/protocol/record.js";
import type { GetRequest, GetResponse } from "../../../../client/records/protocol/records.generated.js";
import type { RecordsLimiter } from "../../limits/recordsLimits.js";
import type { RecordsLimits } from "../../options.js";
import type { RecordsStore } from "../../store/types.js";
import { queryName, queryOwner } from "./query.js";
import { answer } from "./types.js";
import type { RecordsKindHandler, RecordsOrigin } from "./types.js";

/** What the get handler needs. */
export interface GetHandlerInit {
  limits: RecordsLimits;
  limiter: RecordsLimiter;
  store: RecordsStore;
}

/** Answers a get: the live record or tombstone held under (owner, name), as its owner signed it. */
export class GetHandler implements RecordsKindHandler<"get"> {
  constructor(private readonly init: GetHandlerInit) {}

  /**
   * Reads one record.
   *
   * @param request - The owner and name.
   * @param origin - The remote peer.
   * @returns The record, or none.
   * @throws RecordsRateLimitedError (limit `reads`), RecordsInvalidQueryError, RecordTooLargeError.
   */
  handle(request: GetRequest, origin: RecordsOrigin): Promise<GetResponse> {
    return answer(async () => {
      this.init.limiter.chargeRead(origin);
      const owner = queryOwner(request.owner);
      const name = queryName(request.name, this.init.limits.maxNameBytes, "name");
      const record = await this.init.store.get(owner, name);
      return record === undefined ? {} : { record: recordToWire(record) };
    });
  }
}
