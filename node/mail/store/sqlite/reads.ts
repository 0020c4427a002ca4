import type { DigestBucket, MailStore, Position, StoreQuery, StorePage, StoredEnvelope } from "../types.js";
import { readSqliteDigest } from "../../../replication/sqliteDigest.js";
import { queryPage } from "./queryPage.js";
import type { Row, Statements } from "./statements.js";
import { toEnvelope } from "./statements.js";

/** The calls of a mail store that only read: what a read-only connection answers. */
export type MailReadOp = "query" | "digest" | "listIds" | "get" | "missing";

/** Something that answers the reading calls, synchronously or not (a store, or its reads). */
export type MailReads = { [Op in MailReadOp]: (...args: Parameters<MailStore[Op]>) => unknown };

const LOWEST_ID = new Uint8Array(0);

/**
 * The reads of the SQLite mail store, over a connection's prepared statements: the store's own
 * connection, or a read-only one on a thread of its own (see `readThread.ts`). Each method is
 * synchronous; the store wraps them in promises.
 */
export class SqliteMailReads {
  private readonly sql: Statements;

  /** @param sql - The connection's statements. */
  constructor(sql: Statements) {
    this.sql = sql;
  }

  /** @see MailStore.query */
  query(query: StoreQuery): StorePage {
    return queryPage(this.sql, query);
  }

  /** @see MailStore.digest */
  digest(from: number, to: number, buckets: number, now: number): DigestBucket[] {
    return readSqliteDigest(this.sql.digest, from, to, buckets, now);
  }

  /** @see MailStore.listIds */
  listIds(
    from: number,
    to: number,
    after: Position | undefined,
    limit: number,
    now: number,
  ): { ids: Uint8Array[]; next: Position | undefined } {
    const start = after ?? { timestamp: from, id: LOWEST_ID };
    const rows = this.sql.listIds.all(from, to, start.timestamp, start.id, now, limit + 1) as {
      timestamp: number;
      id: Uint8Array;
    }[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      ids: page.map((row) => row.id),
      next:
        rows.length > limit && last !== undefined ? { timestamp: last.timestamp, id: last.id } : undefined,
    };
  }

  /** @see MailStore.get */
  get(ids: readonly Uint8Array[], maxBytes: number, now: number): StoredEnvelope[] {
    const found: StoredEnvelope[] = [];
    let bytes = 0;
    for (const id of ids) {
      const row = this.sql.getById.get(id) as Row | undefined;
      if (row === undefined || row.expires_at <= now) continue;
      if (found.length > 0 && bytes + row.size > maxBytes) break;
      found.push(toEnvelope(row));
      bytes += row.size;
    }
    return found;
  }

  /** @see MailStore.missing */
  missing(ids: readonly Uint8Array[]): Uint8Array[] {
    return ids.filter((id) => this.sql.hasId.get(id) === undefined);
  }
}

/**
 * Runs a reading call a thread was sent.
 *
 * @param reads - The reads to run it on.
 * @param op - Which call.
 * @param args - Its arguments, as the calling thread sent them.
 * @returns Its answer (a promise when the reads answer with one).
 */
export function dispatchRead(reads: MailReads, op: MailReadOp, args: unknown[]): unknown {
  switch (op) {
    case "query":
      return reads.query(...(args as Parameters<MailReads["query"]>));
    case "digest":
      return reads.digest(...(args as Parameters<MailReads["digest"]>));
    case "listIds":
      return reads.listIds(...(args as Parameters<MailReads["listIds"]>));
    case "get":
      return reads.get(...(args as Parameters<MailReads["get"]>));
    case "missing":
      return reads.missing(...(args as Parameters<MailReads["missing"]>));
  }
}
