import type pg from "pg";

import type { MailLimits } from "../../options.js";
import { digestFromRows, openPostgres } from "../../../config/postgres.js";
import type { ConnectFailure, DigestRow, PostgresConnection } from "../../../config/postgres.js";
import { SerialCommitQueue } from "../../../store/serialCommitQueue.js";
import type { LockingStore, StoreLockState } from "../../../store/storeLock.js";
import { addHeld, OriginLedger } from "../sqlite/originLedger.js";
import { envelopeSize } from "../sqlite/schema.js";
import { idHead } from "../sqlite/statements.js";
import type {
  DigestBucket,
  MailStore,
  Position,
  PutOutcome,
  StoreQuery,
  StorePage,
  StoredEnvelope,
  StoreStats,
} from "../types.js";
import { DEFAULT_MAIL_SCHEMA, MAIL_MIGRATIONS, MAIL_TABLES } from "./schema.js";

/** Options of {@link openPostgresMailStore}. */
export interface PostgresMailStoreInit {
  /** Connection URL. */
  url: string;
  /** Schema of this node's tables. @default "waymark_mail" */
  schema?: string | undefined;
  /** Envelope bytes kept before the oldest are evicted. @default Infinity */
  maxStoreBytes?: number | undefined;
  /** Share of `maxStoreBytes` one origin may take once the store is full. @default 1 */
  maxOriginShare?: number | undefined;
  /** How far ahead of the clock a timestamp may be; `expire` deletes those further. @default Infinity */
  maxFutureMs?: number | undefined;
  /** Share one transaction between the pushes that arrive while one commits. @default true */
  groupCommit?: boolean | undefined;
  /** Envelopes per transaction at most. @default 512 */
  maxBatchSize?: number | undefined;
  /** Milliseconds a put may wait for others to share its commit. @default 0 */
  batchDelayMs?: number | undefined;
  /** Clock. @default Date.now */
  clock?: (() => number) | undefined;
  /** Called once when the store loses its schema lock (it then refuses every push). */
  onLost?: ((error: Error) => void) | undefined;
  /** Milliseconds the first connection is retried for while the server cannot be reached. @default 0 */
  connectTimeoutMs?: number | undefined;
  /** Called once per failed connection attempt that will be retried. */
  onConnectFailed?: ((failure: ConnectFailure) => void) | undefined;
}

/** An envelope row as queries return it. */
interface Row {
  id: Uint8Array;
  topic: string;
  timestamp: number;
  ttl: number;
  expires_at: number;
  payload: Uint8Array;
  size: number;
}

/** A row removed by eviction or expiry: what the totals need. */
interface RemovedRow {
  seq: number;
  size: number;
  origin: number;
  rank: number;
}

const COLUMNS = "id, topic, timestamp, ttl, expires_at, payload, size";
const LOWEST_ID = new Uint8Array(0);
const HIGHEST_ID = new Uint8Array(33).fill(0xff);

/**
 * The mail store on PostgreSQL: the same limits, eviction order, floor, origin shares, expiry and
 * paging as the SQLite store, one transaction per group of pushes (acknowledged after COMMIT).
 * Each node process has its own schema (see docs/storage.md); a second process on the same schema
 * is refused at open.
 */
export class PostgresMailStore implements MailStore, LockingStore {
  private readonly pool: pg.Pool;
  private readonly maxStoreBytes: number;
  private readonly maxFutureMs: number;
  private readonly clock: () => number;
  private readonly queue: SerialCommitQueue<StoredEnvelope, PutOutcome>;
  private origins!: OriginLedger;
  private messages = 0;
  private bytes = 0;
  private floor = 0;
  private range: { oldest: number | undefined; newest: number | undefined } = {
    oldest: undefined,
    newest: undefined,
  };
  private closed = false;
  /** Envelopes added since the planner's statistics were last refreshed. */
  private sinceAnalyze = 0;
  private analyzing: Promise<void> | undefined;

  private constructor(
    private readonly connection: PostgresConnection,
    init: PostgresMailStoreInit,
  ) {
    this.pool = connection.pool;
    this.clock = init.clock ?? Date.now;
    this.maxStoreBytes = init.maxStoreBytes ?? Number.POSITIVE_INFINITY;
    this.maxFutureMs = init.maxFutureMs ?? Number.POSITIVE_INFINITY;
    this.queue = new SerialCommitQueue((items) => this.commit(items), {
      group: init.groupCommit ?? true,
      maxBatchSize: init.maxBatchSize ?? 512,
      delayMs: init.batchDelayMs ?? 0,
    });
  }

  /**
   * Connects, migrates and loads the totals.
   *
   * @param init - URL, schema, limits and commit tuning.
   * @returns The open store.
   * @throws The errors of `openPostgres` (unreachable, credentials, privileges, newer schema, in use).
   */
  static async open(init: PostgresMailStoreInit): Promise<PostgresMailStore> {
    const connection = await openPostgres({
      url: init.url,
      schema: init.schema ?? DEFAULT_MAIL_SCHEMA,
      label: "mail",
      onLost: init.onLost,
      connectTimeoutMs: init.connectTimeoutMs,
      onConnectFailed: init.onConnectFailed,
      migrations: MAIL_MIGRATIONS,
      tables: MAIL_TABLES,
    });
    const store = new PostgresMailStore(connection, init);
    try {
      await store.load(init.maxOriginShare ?? 1);
    } catch (err) {
      await connection.close();
      throw err;
    }
    return store;
  }

  async put(envelopes: readonly StoredEnvelope[]): Promise<PutOutcome[]> {
    if (this.closed) throw new Error("the mail store is closed");
    if (this.connection.lost !== undefined) throw this.connection.lost;
    return this.queue.add(envelopes);
  }

  async query(query: StoreQuery): Promise<StorePage> {
    const forward = query.direction === "forward";
    const start =
      query.after ??
      (forward ? { timestamp: query.from, id: LOWEST_ID } : { timestamp: query.to, id: HIGHEST_ID });
    const order = forward ? "timestamp, id" : "timestamp DESC, id DESC";
    const compare = forward ? ">" : "<";
    const topics = [...new Set(query.topics)];
    const window = `timestamp >= $1 AND timestamp <= $2 AND (timestamp, id) ${compare} ($3, $4) AND expires_at > $5`;
    const bind = [query.from, query.to, start.timestamp, start.id, query.now, query.limit + 1];
    const sql =
      topics.length === 0
        ? `SELECT ${COLUMNS} FROM envelopes WHERE ${window} ORDER BY ${order} LIMIT $6`
        : // One index range per topic (each limited), merged: the cost is bounded by the page.
          `SELECT ${COLUMNS} FROM envelopes WHERE seq IN (
             SELECT k.seq FROM unnest($7::text[]) AS t(topic) CROSS JOIN LATERAL (
               SELECT seq, timestamp, id FROM envelopes WHERE topic = t.topic AND ${window}
               ORDER BY ${order} LIMIT $6) AS k
             ORDER BY ${order.replaceAll("timestamp", "k.timestamp").replaceAll("id", "k.id")} LIMIT $6)
           ORDER BY ${order}`;
    const { rows } = await this.pool.query<Row>(sql, topics.length === 0 ? bind : [...bind, topics]);
    const envelopes: StoredEnvelope[] = [];
    let bytes = 0;
    for (const row of rows) {
      if (envelopes.length === query.limit) break;
      if (envelopes.length > 0 && bytes + row.size > query.maxBytes) break;
      envelopes.push(toEnvelope(row));
      bytes += row.size;
    }
    const last = envelopes.at(-1);
    const more = rows.length > envelopes.length && last !== undefined;
    return { envelopes, next: more ? { timestamp: last.timestamp, id: last.id } : undefined };
  }

  async digest(from: number, to: number, buckets: number, now: number): Promise<DigestBucket[]> {
    const width = Math.ceil((to - from + 1) / buckets);
    const { rows } = await this.pool.query<DigestRow>(
      `SELECT (timestamp - $1::bigint) / $2::bigint AS b, COUNT(*) AS c, SUM(h)::text AS s FROM envelopes
       WHERE timestamp >= $3 AND timestamp <= $4 AND expires_at > $5 GROUP BY b`,
      [from, width, from, to, now],
    );
    return digestFromRows(rows, buckets);
  }

  async listIds(
    from: number,
    to: number,
    after: Position | undefined,
    limit: number,
    now: number,
  ): Promise<{ ids: Uint8Array[]; next: Position | undefined }> {
    const start = after ?? { timestamp: from, id: LOWEST_ID };
    const { rows } = await this.pool.query<{ timestamp: number; id: Uint8Array }>(
      `SELECT timestamp, id FROM envelopes WHERE timestamp >= $1 AND timestamp <= $2
       AND (timestamp, id) > ($3, $4) AND expires_at > $5 ORDER BY timestamp, id LIMIT $6`,
      [from, to, start.timestamp, start.id, now, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      ids: page.map((row) => copy(row.id)),
      next:
        rows.length > limit && last !== undefined
          ? { timestamp: last.timestamp, id: copy(last.id) }
          : undefined,
    };
  }

  async get(ids: readonly Uint8Array[], maxBytes: number, now: number): Promise<StoredEnvelope[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM envelopes WHERE id = ANY($1::bytea[])`,
      [ids.map((id) => Buffer.from(id))],
    );
    const byId = new Map(rows.map((row) => [Buffer.from(row.id).toString("hex"), row]));
    const found: StoredEnvelope[] = [];
    let bytes = 0;
    for (const id of ids) {
      const row = byId.get(Buffer.from(id).toString("hex"));
      if (row === undefined || row.expires_at <= now) continue;
      if (found.length > 0 && bytes + row.size > maxBytes) break;
      found.push(toEnvelope(row));
      bytes += row.size;
    }
    return found;
  }

  async missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ id: Uint8Array }>(
      "SELECT id FROM envelopes WHERE id = ANY($1::bytea[])",
      [ids.map((id) => Buffer.from(id))],
    );
    const held = new Set(rows.map((row) => Buffer.from(row.id).toString("hex")));
    return ids.filter((id) => !held.has(Buffer.from(id).toString("hex")));
  }

  async expire(now: number): Promise<number> {
    // Between two commits, not after the queue empties: under steady pushes it never does.
    return this.queue.exclusive(async () => {
      const removed = await this.transaction(async (client) => {
        const expired = await client.query<RemovedRow>(
          "DELETE FROM envelopes WHERE expires_at <= $1 RETURNING seq, size, origin, rank",
          [now],
        );
        const beyond = Number.isFinite(this.maxFutureMs)
          ? (
              await client.query<RemovedRow>(
                "DELETE FROM envelopes WHERE timestamp > $1 RETURNING seq, size, origin, rank",
                [now + this.maxFutureMs],
              )
            ).rows
          : [];
        await this.readRange(client);
        return [...expired.rows, ...beyond];
      });
      const held = this.origins.draft();
      this.forget(removed, held);
      this.origins.commit(held);
      return removed.length;
    });
  }

  async getMeta(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM meta WHERE key = $1", [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query(
      "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, value],
    );
  }

  stats(): StoreStats {
    return {
      messages: this.messages,
      bytes: this.bytes,
      oldestTimestamp: this.range.oldest,
      newestTimestamp: this.range.newest,
      floor: this.floor,
    };
  }

  lockState(): StoreLockState | undefined {
    return this.connection.lockState();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.flush();
    await this.analyzing;
    await this.queue.exclusive(async () => this.connection.close());
  }

  /**
   * Refreshes the planner's statistics once the table has grown by a tenth (at least 1,000
   * envelopes) since the last time, in the background. Without them a freshly filled table is
   * planned as if empty, and a history page sorts the whole table instead of reading one index
   * range (autovacuum catches up only after a minute or more).
   */
  private maybeAnalyze(): void {
    if (this.analyzing !== undefined || this.sinceAnalyze < Math.max(1_000, this.messages / 10)) return;
    this.sinceAnalyze = 0;
    this.analyzing = this.pool
      .query("ANALYZE envelopes")
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        this.analyzing = undefined;
      });
  }

  /** Reads the totals, origins, floor and time range. */
  private async load(maxOriginShare: number): Promise<void> {
    await this.pool.query("ANALYZE envelopes");
    const totals = await this.pool.query<{ origin: number; n: number; bytes: number }>(
      "SELECT origin, COUNT(*) AS n, COALESCE(SUM(size), 0)::bigint AS bytes FROM envelopes GROUP BY origin",
    );
    const origins = await this.pool.query<{ id: number; key: string }>("SELECT id, key FROM origins");
    this.origins = new OriginLedger(
      {
        rows: () => origins.rows,
        add: () => {
          throw new Error("origins are added before a batch is decided");
        },
      },
      maxOriginShare * this.maxStoreBytes,
    );
    this.messages = totals.rows.reduce((sum, row) => sum + row.n, 0);
    this.bytes = totals.rows.reduce((sum, row) => sum + row.bytes, 0);
    this.origins.load(totals.rows.map((row) => [row.origin, row.bytes]));
    // A floor above the clock would refuse every push dated now (see the SQLite store).
    this.floor = Math.min(Number((await this.getMeta("floor")) ?? 0), this.clock());
    await this.readRange(this.pool);
  }

  /** Inserts a batch and evicts above the size limit, in one transaction. */
  private async commit(envelopes: readonly StoredEnvelope[]): Promise<PutOutcome[]> {
    if (this.connection.pool.ended) throw new Error("the mail store is closed");
    const now = this.clock();
    const held = this.origins.draft();
    const added: string[] = [];
    try {
      const result = await this.transaction(async (client) => {
        for (const key of new Set(envelopes.map((envelope) => envelope.origin))) {
          if (key === undefined || this.origins.has(key)) continue;
          const { rows } = await client.query<{ id: number }>(
            "INSERT INTO origins (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id",
            [key],
          );
          this.origins.remember(key, rows[0]?.id);
          added.push(key);
        }
        const existing = await client.query<{ id: Uint8Array }>(
          "SELECT id FROM envelopes WHERE id = ANY($1::bytea[])",
          [envelopes.map((envelope) => Buffer.from(envelope.id))],
        );
        const seen = new Set(existing.rows.map((row) => Buffer.from(row.id).toString("hex")));
        const rows: { envelope: StoredEnvelope; size: number; rank: number; origin: number }[] = [];
        let addedBytes = 0;
        const outcomes = envelopes.map((envelope): PutOutcome => {
          const rank = Math.min(envelope.timestamp, now);
          if (envelope.expiresAt <= now || rank <= this.floor) return "refused";
          const size = envelopeSize(Buffer.byteLength(envelope.topic), envelope.payload.byteLength);
          const origin = this.origins.idOf(envelope.origin);
          const full = this.bytes + addedBytes + size > this.maxStoreBytes;
          if (full && !this.origins.fits(held, origin, size)) return "over-share";
          const hex = Buffer.from(envelope.id).toString("hex");
          if (seen.has(hex)) return "duplicate";
          seen.add(hex);
          rows.push({ envelope, size, rank, origin });
          addedBytes += size;
          addHeld(held, origin, size);
          return "stored";
        });
        if (rows.length > 0) {
          await client.query(
            `INSERT INTO envelopes (id, topic, timestamp, ttl, expires_at, payload, size, h, rank, origin)
             SELECT * FROM unnest($1::bytea[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[],
               $6::bytea[], $7::integer[], $8::bigint[], $9::bigint[], $10::integer[])`,
            [
              rows.map((row) => Buffer.from(row.envelope.id)),
              rows.map((row) => row.envelope.topic),
              rows.map((row) => row.envelope.timestamp),
              rows.map((row) => row.envelope.ttl),
              rows.map((row) => row.envelope.expiresAt),
              rows.map((row) => Buffer.from(row.envelope.payload)),
              rows.map((row) => row.size),
              rows.map((row) => idHead(row.envelope.id)),
              rows.map((row) => row.rank),
              rows.map((row) => row.origin),
            ],
          );
        }
        const { evicted, floor } = await this.evict(client, this.bytes + addedBytes, held);
        if (rows.length > 0 || evicted.length > 0) await this.readRange(client);
        return { outcomes, added: rows.length, addedBytes, evicted, floor };
      });
      this.messages += result.added;
      this.bytes += result.addedBytes;
      this.sinceAnalyze += result.added;
      this.maybeAnalyze();
      this.forget(result.evicted);
      this.origins.commit(held);
      this.floor = result.floor;
      return result.outcomes;
    } catch (err) {
      for (const key of added) this.origins.remember(key, undefined);
      throw err;
    }
  }

  /**
   * Inside a transaction: deletes envelopes until `bytes` fits the size limit, as the SQLite store
   * does (an origin over its share first, then the lowest ranked of all, raising the floor).
   */
  private async evict(
    client: pg.PoolClient,
    bytes: number,
    held: Map<number, number>,
  ): Promise<{ evicted: RemovedRow[]; floor: number }> {
    const evicted: RemovedRow[] = [];
    let floor = this.floor;
    while (bytes > this.maxStoreBytes) {
      const over = this.origins.overShare(held);
      const { rows } =
        over === undefined
          ? await client.query<RemovedRow>(
              "SELECT seq, size, rank, origin FROM envelopes ORDER BY rank, seq LIMIT $1",
              [256],
            )
          : await client.query<RemovedRow>(
              "SELECT seq, size, rank, origin FROM envelopes WHERE origin = $1 ORDER BY rank, seq LIMIT $2",
              [over, 256],
            );
      const chosen: RemovedRow[] = [];
      for (const row of rows) {
        if (bytes <= this.maxStoreBytes) break;
        if (over !== undefined && this.origins.overShare(held) !== over) break;
        chosen.push(row);
        bytes -= row.size;
        addHeld(held, row.origin, -row.size);
        if (over === undefined) floor = Math.max(floor, row.rank);
      }
      if (chosen.length === 0) break;
      await client.query("DELETE FROM envelopes WHERE seq = ANY($1::bigint[])", [
        chosen.map((row) => row.seq),
      ]);
      evicted.push(...chosen);
    }
    if (floor !== this.floor) {
      await client.query(
        "INSERT INTO meta (key, value) VALUES ('floor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [String(floor)],
      );
    }
    return { evicted, floor };
  }

  private forget(removed: readonly RemovedRow[], held?: Map<number, number>): void {
    this.messages -= removed.length;
    for (const row of removed) {
      this.bytes -= row.size;
      if (held !== undefined) addHeld(held, row.origin, -row.size);
    }
  }

  private async readRange(client: pg.Pool | pg.PoolClient): Promise<void> {
    const { rows } = await client.query<{ oldest: number | null; newest: number | null }>(
      "SELECT MIN(timestamp) AS oldest, MAX(timestamp) AS newest FROM envelopes",
    );
    this.range = { oldest: rows[0]?.oldest ?? undefined, newest: rows[0]?.newest ?? undefined };
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await this.connection.assertOwned(client);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/**
 * Opens the PostgreSQL store the service's limits describe.
 *
 * @param init - URL, schema, clock, the commit and size limits, and what to tell of a lost lock or a
 *   failed attempt to connect.
 * @returns The open store.
 */
export async function openPostgresStore(init: {
  url: string;
  schema: string;
  clock: () => number;
  limits: Pick<
    MailLimits,
    | "maxStoreBytes"
    | "maxProviderShare"
    | "maxFutureSkewMs"
    | "groupCommit"
    | "maxBatchSize"
    | "batchDelayMs"
    | "storeConnectTimeoutMs"
  >;
  /** Told once when the schema lock's session ends (see `PostgresMailStoreInit.onLost`). */
  onLost?: ((error: Error) => void) | undefined;
  /** Told of each failed attempt to reach the server at start. */
  onConnectFailed?: ((failure: ConnectFailure) => void) | undefined;
}): Promise<PostgresMailStore> {
  const { limits } = init;
  return PostgresMailStore.open({
    url: init.url,
    schema: init.schema,
    clock: init.clock,
    maxStoreBytes: limits.maxStoreBytes,
    maxOriginShare: limits.maxProviderShare,
    maxFutureMs: limits.maxFutureSkewMs,
    groupCommit: limits.groupCommit,
    maxBatchSize: limits.maxBatchSize,
    batchDelayMs: limits.batchDelayMs,
    connectTimeoutMs: limits.storeConnectTimeoutMs,
    onLost: init.onLost,
    onConnectFailed: init.onConnectFailed,
  });
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

function toEnvelope(row: Row): StoredEnvelope {
  return {
    id: copy(row.id),
    topic: row.topic,
    payload: copy(row.payload),
    timestamp: row.timestamp,
    ttl: row.ttl,
    expiresAt: row.expires_at,
  };
}
