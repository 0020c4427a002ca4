import { toWire } from "../../../../client/mail/protocol/envelope.js";
import { MailInvalidQueryError } from "../../../../client/mail/protocol/errors.js";
import { QueryRequest } from "../../../../client/mail/protocol/mail.generated.js";
import type { QueryResponse } from "../../../../client/mail/protocol/mail.generated.js";
import { decodeCursor, encodeCursor } from "../../cursor.js";
import type { PeerLimits, RequestOrigin } from "../../limits/peerLimits.js";
import type { MailLimits } from "../../options.js";
import type { MailStore, StoreQuery } from "../../store/types.js";
import type { ClientKindHandler } from "./types.js";

/** What the query handler needs. */
export interface QueryHandlerInit {
  limits: MailLimits;
  peerLimits: PeerLimits;
  store: MailStore;
  clock: () => number;
}

/**
 * Answers a history query: checks it against the node's rules, charges the peer's query buckets
 * what it may read, and returns one page with the cursor of the next.
 */
export class QueryHandler implements ClientKindHandler<"query"> {
  constructor(private readonly init: QueryHandlerInit) {}

  /**
   * Reads one page of history.
   *
   * @param request - The query.
   * @param origin - The remote peer and its address.
   * @returns The page and the cursor of the next one (empty when there is none).
   * @throws MailInvalidQueryError, MailRateLimitedError.
   */
  async handle(request: QueryRequest, origin: RequestOrigin): Promise<QueryResponse> {
    const query = this.check(request);
    this.init.peerLimits.charge(origin, { kind: "query", units: this.units(query) });
    const page = await this.init.store.query(query);
    return {
      envelopes: page.envelopes.map(toWire),
      cursor: (page.next === undefined
        ? new Uint8Array(0)
        : encodeCursor(page.next)) as QueryResponse["cursor"],
    };
  }

  /** Checks a query against the node's rules and resolves its page size and range. */
  private check(query: QueryRequest): StoreQuery {
    const { limits } = this.init;
    if (query.topics.length === 0 && !limits.listAllTopics) {
      throw new MailInvalidQueryError("This node does not list every topic: name the topics to read");
    }
    for (const topic of query.topics) {
      const bytes = Buffer.byteLength(topic);
      if (bytes === 0 || bytes > limits.maxTopicBytes) {
        throw new MailInvalidQueryError(`Every topic must have 1 to ${limits.maxTopicBytes} bytes`);
      }
    }
    const from = query.from ?? 0;
    const to = query.to ?? Number.MAX_SAFE_INTEGER;
    if (from > to) throw new MailInvalidQueryError("`from` is after `to`");
    return {
      topics: query.topics,
      from,
      to: Math.min(to, Number.MAX_SAFE_INTEGER),
      after: decodeCursor(query.cursor),
      direction: query.direction === QueryRequest.Direction.BACKWARD ? "backward" : "forward",
      limit: query.pageSize === 0 ? limits.defaultPageSize : Math.min(query.pageSize, limits.maxPageSize),
      maxBytes: limits.maxResponseBytes,
      now: this.init.clock(),
    };
  }

  /**
   * What a query costs against the query rates: the rows it may read, `topics × page size`, in
   * units of one full page of one topic (at least one; at most a burst, so that every valid query
   * is answered in time). A query of every topic reads one page, like a query of one topic.
   */
  private units(query: StoreQuery): number {
    const { limits } = this.init;
    const rows = Math.max(1, new Set(query.topics).size) * query.limit;
    return Math.min(
      Math.max(1, Math.ceil(rows / limits.maxPageSize)),
      limits.queryBurst,
      limits.addressQueryBurst,
    );
  }
}
