import { MAIL_DEFAULTS, MAIL_PROTOCOLS } from "./constants.js";
import type { MailEnvelope } from "./envelope.js";
import { withId } from "./envelope.js";
import { MailBadResponseError, MailInvalidQueryError, errorFromFrame } from "./errors.js";
import { QueryRequest, Request } from "./mail.generated.js";
import { decodeResponse } from "./response.js";
import type { MailPeer, MailRequestOptions, MailStreamSource } from "./roundTrip.js";
import { roundTrip } from "./roundTrip.js";

/** Which end of the history a query starts from. */
export type QueryDirection = "forward" | "backward";

/** Parameters of {@link queryHistory}. */
export interface QueryHistoryParameters {
  /** Topics to return; empty or absent for every topic. */
  topics?: readonly string[] | undefined;
  /** Lowest timestamp returned, inclusive (milliseconds since the epoch). */
  from?: number | undefined;
  /** Highest timestamp returned, inclusive. */
  to?: number | undefined;
  /** The `cursor` of the previous page; absent for the first page. */
  cursor?: Uint8Array | undefined;
  /** Envelopes wanted; the node clamps it to its maximum. @default the node's default (50) */
  pageSize?: number | undefined;
  /** `forward`: oldest first; `backward`: newest first. @default "forward" */
  direction?: QueryDirection | undefined;
}

/** Options of {@link queryHistory}. */
export interface QueryHistoryOptions extends MailRequestOptions {
  /** Topics allowed in one query, checked before sending. @default MAIL_DEFAULTS.maxTopicsPerQuery */
  maxTopicsPerQuery?: number | undefined;
}

/** One page of history. */
export interface QueryHistoryReturnType {
  /** Envelopes ordered by (timestamp, id) in the requested direction. */
  envelopes: MailEnvelope[];
  /** Pass it back as `cursor` for the next page; undefined when there is none. */
  cursor: Uint8Array | undefined;
}

/**
 * Asks a mail node for one page of history.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node (peer id or addresses; the connection's peer id when `source` is one).
 * @param parameters - Topics, time range, cursor, page size and direction.
 * @param options - Signal, timeout and limits.
 * @returns The page and the cursor of the next one.
 * @throws MailInvalidQueryError when the query breaks a rule (checked locally, then by the node).
 * @throws MailRateLimitedError when this peer is over its query rate; see `retryAfterMs`.
 * @throws MailBadResponseError when the node answers envelopes outside the query.
 * @throws MailUnsupportedVersionError, MailUnreachableError, MailTimeoutError,
 * MailUnavailableError or MailInternalError on other failures.
 * @example
 * ```ts
 * let cursor: Uint8Array | undefined;
 * do {
 *   const page = await queryHistory(host, peer, { topics: [topic], cursor, direction: "backward" });
 *   show(page.envelopes);
 *   cursor = page.cursor;
 * } while (cursor !== undefined);
 * ```
 */
export async function queryHistory(
  source: MailStreamSource,
  peer: MailPeer,
  parameters: QueryHistoryParameters = {},
  options: QueryHistoryOptions = {},
): Promise<QueryHistoryReturnType> {
  const query = toQueryRequest(parameters, options.maxTopicsPerQuery ?? MAIL_DEFAULTS.maxTopicsPerQuery);
  const { frame } = await roundTrip(
    source,
    peer,
    { protocols: MAIL_PROTOCOLS, request: Request.encode({ query }) },
    options,
  );
  const response = decodeResponse(frame);
  if (response.error !== undefined) throw errorFromFrame(response.error);
  if (response.query === undefined) {
    throw new MailBadResponseError("The node answered a query with another kind");
  }
  const topics = new Set(query.topics);
  const envelopes = response.query.envelopes.map((envelope) => {
    const outside =
      (topics.size > 0 && !topics.has(envelope.topic)) ||
      (query.from !== undefined && envelope.timestamp < query.from) ||
      (query.to !== undefined && envelope.timestamp > query.to);
    if (outside) throw new MailBadResponseError("The node answered an envelope outside the query");
    return withId(envelope);
  });
  const cursor = response.query.cursor.byteLength === 0 ? undefined : response.query.cursor;
  return { envelopes, cursor };
}

/**
 * Walks every page of a query, one request per page.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node.
 * @param parameters - As for {@link queryHistory}; `cursor` is where to start.
 * @param options - Signal, timeout and limits, applied to each page.
 * @yields Each page, until the node returns no cursor.
 */
export async function* queryHistoryPages(
  source: MailStreamSource,
  peer: MailPeer,
  parameters: QueryHistoryParameters = {},
  options: QueryHistoryOptions = {},
): AsyncGenerator<QueryHistoryReturnType, void, undefined> {
  let cursor = parameters.cursor;
  do {
    const page = await queryHistory(source, peer, { ...parameters, cursor }, options);
    yield page;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

function toQueryRequest(parameters: QueryHistoryParameters, maxTopics: number): QueryRequest {
  const { topics = [], from, to, cursor, pageSize = 0, direction = "forward" } = parameters;
  if (topics.length > maxTopics) {
    throw new MailInvalidQueryError(
      `The query names ${topics.length} topics; at most ${maxTopics} are allowed`,
    );
  }
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new MailInvalidQueryError(`\`${name}\` is not a non-negative integer of milliseconds`);
    }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new MailInvalidQueryError("`from` is after `to`");
  }
  if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > 0xffff_ffff) {
    throw new MailInvalidQueryError("`pageSize` is not a non-negative integer");
  }
  return {
    topics: [...topics],
    from,
    to,
    cursor: (cursor ?? new Uint8Array(0)) as QueryRequest["cursor"],
    pageSize,
    direction: direction === "backward" ? QueryRequest.Direction.BACKWARD : QueryRequest.Direction.FORWARD,
  };
}
