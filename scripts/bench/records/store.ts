import { stat } from "node:fs/promises";

import pg from "pg";

import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { verifyRecord } from "../../../client/records/protocol/record.js";
import type { RecordsStore } from "../../../node/records/store/types.js";
import type { RecordsStoreSite } from "./backends.js";
import { openBenchStore } from "./backends.js";

/** How the node's store was filled before the node started. */
export interface RecordsPrefill {
  readonly records: number;
  readonly owners: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Size on disk afterwards: the SQLite file with its WAL, or the PostgreSQL tables with their indexes. */
  readonly fileBytes: number;
}

/**
 * Puts in flight while filling: on PostgreSQL they share commits (group commit), on SQLite they
 * run one after the other anyway.
 */
const PREFILL_IN_FLIGHT = 256;

/**
 * Fills the node's store straight through the store's `put` before the node starts: on SQLite with
 * `synchronous` NORMAL (no fsync per commit: filling is not what is measured), one transaction per
 * record as the store does; on PostgreSQL with 256 puts in flight, so that group commit shares
 * each commit between many.
 *
 * @param site - The store's place: the SQLite file the node will open, or its PostgreSQL schema.
 * @param records - Pre-signed records.
 * @param owners - How many owners they have (reported).
 * @returns What was stored and how fast.
 * @throws Error when a record is not stored.
 */
export async function prefillRecords(
  site: RecordsStoreSite,
  records: readonly SignedRecord[],
  owners: number,
): Promise<RecordsPrefill> {
  const store = await openBenchStore(site, "normal");
  const started = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: PREFILL_IN_FLIGHT }, async () => {
        for (let record = records[next++]; record !== undefined; record = records[next++]) {
          if ((await store.put(record)) !== "stored") throw new Error("a prefilled record was not stored");
        }
      }),
    );
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    records: records.length,
    owners,
    seconds,
    recordsPerSecond: records.length / seconds,
    fileBytes: await storeBytes(site),
  };
}

/**
 * The store's size on disk: the SQLite file and its WAL, or every table and index of the
 * PostgreSQL schema.
 *
 * @param site - The store's place.
 * @returns Bytes.
 */
async function storeBytes(site: RecordsStoreSite): Promise<number> {
  if (site.backend === "sqlite") {
    const sizes = await Promise.all(
      [site.path, `${site.path}-wal`].map(async (file) => (await stat(file).catch(() => ({ size: 0 }))).size),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  }
  const client = new pg.Client({ connectionString: site.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string | null }>(
      `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [site.schema],
    );
    return Number(rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Times `verifyRecord` (fields and EIP-712 signature recovery) on each record, in process: what a
 * node spends on a put's signature, and a client on each record it reads.
 *
 * @param domain - The deployment.
 * @param records - Pre-signed records.
 * @returns Each verification's time, in ms.
 * @throws Error when a record does not verify.
 */
export function timeVerify(domain: RecordDomain, records: readonly SignedRecord[]): number[] {
  const times: number[] = [];
  for (const record of records) {
    const started = performance.now();
    verifyRecord(domain, record);
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Times the store's `put` of each record, one after the other, on a store opened as the node
 * opens it: every put is its own committed and flushed transaction (SQLite `synchronous` FULL;
 * PostgreSQL's group commit has nothing to share with one put in flight, and waits for the WAL
 * flush).
 *
 * @param open - Opens the store as the node does.
 * @param records - Pre-signed records the store does not hold.
 * @returns Each put's time, in ms.
 * @throws Error when a record is not stored.
 */
export async function timeStorePuts(
  open: () => Promise<RecordsStore>,
  records: readonly SignedRecord[],
): Promise<number[]> {
  const store = await open();
  const times: number[] = [];
  try {
    for (const record of records) {
      const started = performance.now();
      const outcome = await store.put(record);
      times.push(performance.now() - started);
      if (outcome !== "stored") throw new Error("a record was not stored");
    }
  } finally {
    await store.close();
  }
  return times;
}

/**
 * Times the store's `get` of held keys on the node's store: the node's own time for a get.
 *
 * @param open - Opens the store as the node does.
 * @param keys - Keys the store holds, read in this order.
 * @returns Each get's time, in ms.
 * @throws Error when a key is missing.
 */
export async function timeStoreGets(
  open: () => Promise<RecordsStore>,
  keys: readonly { owner: string; name: string }[],
): Promise<number[]> {
  const store = await open();
  const times: number[] = [];
  try {
    for (const key of keys) {
      const started = performance.now();
      const record = await store.get(key.owner, key.name);
      times.push(performance.now() - started);
      if (record === undefined) throw new Error(`${key.owner}/${key.name} is not in the store`);
    }
  } finally {
    await store.close();
  }
  return times;
}
