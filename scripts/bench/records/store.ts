import { stat } from "node:fs/promises";

import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { verifyRecord } from "../../../client/records/protocol/record.js";
import { SqliteRecordsStore } from "../../../node/records/store/sqliteRecordsStore.js";
import type { RecordsStore } from "../../../node/records/store/types.js";

/** How the node's store was filled before the node started. */
export interface RecordsPrefill {
  readonly records: number;
  readonly owners: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Size of the database file (with its WAL) afterwards. */
  readonly fileBytes: number;
}

/**
 * Fills a records store file straight through `SqliteRecordsStore.put` with `synchronous`
 * NORMAL (no fsync per commit: filling is not what is measured), one transaction per record as
 * the store does.
 *
 * @param path - The SQLite file the node will open.
 * @param records - Pre-signed records.
 * @param owners - How many owners they have (reported).
 * @returns What was stored and how fast.
 * @throws Error when a record is not stored.
 */
export async function prefillRecords(
  path: string,
  records: readonly SignedRecord[],
  owners: number,
): Promise<RecordsPrefill> {
  const store = new SqliteRecordsStore({ path, synchronous: "normal" });
  const started = performance.now();
  try {
    for (const record of records) {
      if ((await store.put(record)) !== "stored") throw new Error("a prefilled record was not stored");
    }
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sizes = await Promise.all(
    [path, `${path}-wal`].map(async (file) => (await stat(file).catch(() => ({ size: 0 }))).size),
  );
  return {
    records: records.length,
    owners,
    seconds,
    recordsPerSecond: records.length / seconds,
    fileBytes: sizes.reduce((sum, size) => sum + size, 0),
  };
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
 * Times `SqliteRecordsStore.put` of each record, one after the other, on a store opened as the
 * node opens it (`synchronous` FULL: every put is its own committed and fsynced transaction).
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
 * Times `SqliteRecordsStore.get` of held keys on the node's store: the node's own time for a get.
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
