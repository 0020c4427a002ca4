import type { StoreQuery, StorePage, StoredEnvelope } from "../types.js";
import type { Key, Row, Statements } from "./statements.js";
import { compareRows, toEnvelope } from "./statements.js";

const LOWEST_ID = new Uint8Array(0);
const HIGHEST_ID = new Uint8Array(33).fill(0xff);

/**
 * Reads one page of history. The cost is bounded by what is returned: a query of one topic (or of
 * every topic) is one statement reading `limit + 1` rows; a query of several topics lists keys
 * only (from the covering index, `limit + 1` per topic), merges them, and reads the payloads of the
 * page alone.
 *
 * @param sql - The store's statements.
 * @param query - The validated query.
 * @returns The page.
 */
export function queryPage(sql: Statements, query: StoreQuery): StorePage {
  const forward = query.direction === "forward";
  const start =
    query.after ??
    (forward ? { timestamp: query.from, id: LOWEST_ID } : { timestamp: query.to, id: HIGHEST_ID });
  const take = query.limit + 1;
  const topics = [...new Set(query.topics)];
  const [only] = topics;
  if (topics.length <= 1) {
    const bind = [query.from, query.to, start.timestamp, start.id, query.now, take] as const;
    const rows = (only === undefined
      ? (forward ? sql.allForward : sql.allBackward).all(...bind)
      : (forward ? sql.topicForward : sql.topicBackward).all(only, ...bind)) as unknown as Row[];
    return page(rows.values(), rows.length, query);
  }
  const statement = forward ? sql.topicKeysForward : sql.topicKeysBackward;
  const keys: Key[] = [];
  for (const topic of topics) {
    keys.push(
      ...(statement.all(
        topic,
        query.from,
        query.to,
        start.timestamp,
        start.id,
        query.now,
        take,
      ) as unknown as Key[]),
    );
  }
  keys.sort((a, b) => (forward ? 1 : -1) * compareRows(a, b));
  keys.length = Math.min(keys.length, take);
  return page(rowsOf(sql, keys), keys.length, query);
}

/**
 * The rows of the keys, read one by one as the page consumes them. A row deleted since its key was
 * listed is left out; none is on the store's connection (the keys and rows are read in one
 * synchronous step) or on the read thread's (each call reads one snapshot).
 */
function* rowsOf(sql: Statements, keys: readonly Key[]): Generator<Row> {
  for (const key of keys) {
    const row = sql.bySeq.get(key.seq) as Row | undefined;
    if (row !== undefined) yield row;
  }
}

/**
 * Takes rows into a page up to `limit` envelopes and `maxBytes` bytes (at least one envelope).
 *
 * @param rows - Candidate rows in page order, `available` of them.
 * @param available - How many rows matched (at most `limit + 1`).
 * @param query - The query.
 * @returns The page and where the next one starts.
 */
function page(rows: Iterator<Row>, available: number, query: StoreQuery): StorePage {
  const envelopes: StoredEnvelope[] = [];
  let bytes = 0;
  for (let next = rows.next(); next.done !== true; next = rows.next()) {
    const row = next.value;
    if (envelopes.length === query.limit) break;
    if (envelopes.length > 0 && bytes + row.size > query.maxBytes) break;
    envelopes.push(toEnvelope(row));
    bytes += row.size;
  }
  const last = envelopes.at(-1);
  const more = available > envelopes.length && last !== undefined;
  return { envelopes, next: more ? { timestamp: last.timestamp, id: last.id } : undefined };
}
