import type { Connection, PeerId } from "@libp2p/interface";

import { queryHistory } from "../../../client/mail/protocol/queryHistory.js";
import type { MailStore, Position, StoreQuery } from "../../../node/mail/store/types.js";
import { historyTopic } from "./prefill.js";

/** Envelopes per page: the node's largest page. */
export const PAGE_SIZE = 100;

/** A kind of history query, newest first as a chat client asks. */
export interface QueryShape {
  readonly name: string;
  /** The topics of the `i`-th query (empty: every topic). */
  topics(i: number, topicCount: number): string[];
  /** Time the page after the newest one (fetched first, with its cursor) rather than the newest. */
  readonly nextPage: boolean;
}

const randomTopic = (topicCount: number): number => Math.floor(Math.random() * topicCount);

/** The shapes measured. */
export const SHAPES: readonly QueryShape[] = [
  { name: "one topic, newest page", topics: (_i, n) => [historyTopic(randomTopic(n))], nextPage: false },
  {
    name: "one topic, next page (cursor)",
    topics: (_i, n) => [historyTopic(randomTopic(n))],
    nextPage: true,
  },
  {
    name: "five topics, newest page",
    topics: (_i, n) => Array.from({ length: 5 }, () => historyTopic(randomTopic(n))),
    nextPage: false,
  },
  { name: "all topics, newest page", topics: () => [], nextPage: false },
];

/**
 * Times one shape straight on the store: `store.query`, the work the node does for a query.
 *
 * @param store - The node's store, opened on its file.
 * @param shape - The shape.
 * @param topicCount - Topics in the store.
 * @param samples - Queries to time.
 * @returns One latency per query, in ms.
 */
export async function timeStoreQueries(
  store: MailStore,
  shape: QueryShape,
  topicCount: number,
  samples: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const query: StoreQuery = {
      topics: shape.topics(i, topicCount),
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      after: undefined,
      direction: "backward",
      limit: PAGE_SIZE,
      maxBytes: 4_194_304,
      now: Date.now(),
    };
    let after: Position | undefined;
    if (shape.nextPage) after = (await store.query(query)).next;
    const started = performance.now();
    const page = await store.query({ ...query, after });
    times.push(performance.now() - started);
    if (page.envelopes.length !== PAGE_SIZE) throw new Error(`${shape.name}: a short page`);
  }
  return times;
}

/**
 * Times one shape end to end: `queryHistory` over the client's connection to the node (stream,
 * request, the node's work, a response of about 100 KiB, decoding).
 *
 * @param connection - The client's connection to the node.
 * @param node - The node's peer id.
 * @param shape - The shape.
 * @param topicCount - Topics in the store.
 * @param samples - Queries to time.
 * @returns One latency per query, in ms.
 */
export async function timeProtocolQueries(
  connection: Connection,
  node: PeerId,
  shape: QueryShape,
  topicCount: number,
  samples: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const parameters = {
      topics: shape.topics(i, topicCount),
      pageSize: PAGE_SIZE,
      direction: "backward",
    } as const;
    const cursor = shape.nextPage ? (await queryHistory(connection, node, parameters)).cursor : undefined;
    const started = performance.now();
    const page = await queryHistory(connection, node, { ...parameters, cursor });
    times.push(performance.now() - started);
    if (page.envelopes.length !== PAGE_SIZE) throw new Error(`${shape.name}: a short page`);
  }
  return times;
}
