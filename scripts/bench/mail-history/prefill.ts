import { stat } from "node:fs/promises";

import { createEnvelope } from "../../../client/mail/protocol/envelope.js";
import pg from "pg";

import { PostgresMailStore } from "../../../node/mail/store/postgres/postgresMailStore.js";
import { SqliteMailStore } from "../../../node/mail/store/sqlite/sqliteMailStore.js";
import type { MailStore, StoredEnvelope } from "../../../node/mail/store/types.js";

/** Bytes of every prefilled payload: 1 KiB, as in the ingest benchmark. */
export const PREFILL_PAYLOAD_BYTES = 1_024;
/** Envelopes per topic: a topic stands for one conversation. */
export const ENVELOPES_PER_TOPIC = 1_000;
/** Envelopes per transaction while prefilling. */
const BATCH = 10_000;
/** The prefilled envelopes' timestamps span the last 20 days (retention is 30). */
const SPAN_MS = 20 * 86_400_000;
const RETENTION_MS = 30 * 86_400_000;

/** How the store was filled. */
export interface Prefill {
  readonly envelopes: number;
  readonly topics: number;
  readonly seconds: number;
  readonly envelopesPerSecond: number;
  /** Size of the database file (with its WAL) afterwards; on PostgreSQL, of the tables and indexes. */
  readonly fileBytes: number;
}

/**
 * The topic of a prefilled envelope.
 *
 * @param index - The topic's index.
 * @returns Its name.
 */
export function historyTopic(index: number): string {
  return `/bench/history/${index}`;
}

/**
 * Fills a mail store file straight through the store API (batched transactions, `synchronous`
 * NORMAL): `count` 1 KiB envelopes over `count / 1,000` topics, spread evenly over 20 days, each
 * with its id as the node computes it.
 *
 * @param path - The SQLite file the node will open.
 * @param count - Envelopes to store.
 * @returns What was stored and how fast.
 */
export async function prefillStore(path: string, count: number): Promise<Prefill> {
  const store = new SqliteMailStore({ path, synchronous: "normal", maxBatchSize: BATCH });
  const filled = await fill(store, count);
  const sizes = await Promise.all(
    [path, `${path}-wal`].map(async (file) => (await stat(file).catch(() => ({ size: 0 }))).size),
  );
  return { ...filled, fileBytes: sizes.reduce((sum, size) => sum + size, 0) };
}

/**
 * Fills a PostgreSQL mail store's schema the same way, through the store API, whose put writes a
 * whole batch with one multi-row INSERT (`unnest` of arrays); 10,000 envelopes per transaction.
 *
 * @param url - The server.
 * @param schema - The schema the node will open.
 * @param count - Envelopes to store.
 * @returns What was stored and how fast; `fileBytes` is the size of the tables and indexes.
 */
export async function prefillPostgres(url: string, schema: string, count: number): Promise<Prefill> {
  const store = await PostgresMailStore.open({ url, schema, maxBatchSize: BATCH });
  const filled = await fill(store, count);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>(
      "SELECT pg_total_relation_size($1::regclass)::text AS bytes",
      [`${schema}.envelopes`],
    );
    return { ...filled, fileBytes: Number(rows[0]?.bytes ?? 0) };
  } finally {
    await client.end();
  }
}

/** Puts the envelopes in batches, then closes the store. */
async function fill(store: MailStore, count: number): Promise<Omit<Prefill, "fileBytes">> {
  const topics = Math.max(1, Math.round(count / ENVELOPES_PER_TOPIC));
  const now = Date.now();
  const started = performance.now();
  try {
    for (let first = 0; first < count; first += BATCH) {
      const batch: StoredEnvelope[] = [];
      for (let i = first; i < Math.min(count, first + BATCH); i++) {
        const payload = new Uint8Array(PREFILL_PAYLOAD_BYTES);
        new DataView(payload.buffer).setUint32(0, i);
        const timestamp = now - SPAN_MS + Math.floor((i * SPAN_MS) / count);
        const envelope = createEnvelope({ topic: historyTopic(i % topics), payload, timestamp, ttl: 0 });
        batch.push({ ...envelope, expiresAt: timestamp + RETENTION_MS });
      }
      const outcomes = await store.put(batch);
      if (outcomes.some((outcome) => outcome !== "stored")) throw new Error("an envelope was not stored");
    }
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { envelopes: count, topics, seconds, envelopesPerSecond: count / seconds };
}
