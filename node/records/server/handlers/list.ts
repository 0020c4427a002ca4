import { RecordsInvalidQueryError } from "../../../../client/records/protocol/errors.js";
import type { ListRequest, ListResponse } from "../../../../client/records/protocol/records.generated.js";
import type { RecordsLimiter } from "../../limits/recordsLimits.js";
import type { RecordsLimits } from "../../options.js";
import type { RecordsStore } from "../../store/types.js";
import { queryName, queryOwner } from "./query.js";
import { answer } from "./types.js";
import type { RecordsKindHandler, RecordsOrigin } from "./types.js";

/** What the list handler needs. */
export interface ListHandlerInit {
  limits: RecordsLimits;
  limiter: RecordsLimiter;
  store: RecordsStore;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/**
 * Answers a list: one page of an owner's live names in byte order. The cursor the node issues is
 * the last name of the page; one coming back is hostile input, accepted only when it is a name the
 * node could hold.
 */
export class ListHandler implements RecordsKindHandler<"list"> {
  constructor(private readonly init: ListHandlerInit) {}

  /**
   * Reads one page of names.
   *
   * @param request - The owner, cursor and page size.
   * @param origin - The remote peer.
   * @returns The page and the cursor of the next (empty when there is none).
   * @throws RecordsRateLimitedError (limit `reads`), RecordsInvalidQueryError (bad owner or cursor).
   */
  handle(request: ListRequest, origin: RecordsOrigin): Promise<ListResponse> {
    return answer(async () => {
      const { limits, limiter, store } = this.init;
      limiter.chargeRead(origin);
      const owner = queryOwner(request.owner);
      const after = request.cursor.byteLength === 0 ? undefined : this.cursor(request.cursor);
      const size =
        request.pageSize === 0
          ? limits.defaultListPageSize
          : Math.min(request.pageSize, limits.maxListPageSize);
      const rows = await store.list(owner, after, size + 1);
      const page = rows.slice(0, size);
      const last = page.at(-1);
      return {
        entries: page,
        cursor: rows.length > size && last !== undefined ? encoder.encode(last.name) : new Uint8Array(0),
      };
    });
  }

  private cursor(bytes: Uint8Array): string {
    if (bytes.byteLength > this.init.limits.maxNameBytes) {
      throw new RecordsInvalidQueryError("The cursor is not a record name this node holds");
    }
    let name: string;
    try {
      name = decoder.decode(bytes);
    } catch (err) {
      throw new RecordsInvalidQueryError("The cursor is not a record name this node holds", { cause: err });
    }
    return queryName(name, this.init.limits.maxNameBytes, "cursor");
  }
}
