import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { SignedRecord } from "../../client/records/protocol/record.js";
import { PostgresRecordsStore } from "../../node/records/store/postgres/postgresRecordsStore.js";
import type { PostgresRecordsStoreInit } from "../../node/records/store/postgres/postgresRecordsStore.js";
import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { newOwner, signed } from "./helpers.js";

/** Each put's outcome, or the name of the error it was refused with. */
async function outcomes(store: PostgresRecordsStore, records: readonly SignedRecord[]): Promise<string[]> {
  return Promise.all(
    records.map(async (record) => store.put(record).catch((err: unknown) => (err as Error).name)),
  );
}

// Group commit of the records store on a real PostgreSQL server: concurrent puts share one
// transaction, and each gets the outcome it would get alone, in arrival order.
describe("records store on PostgreSQL: group commit", () => {
  let server: PostgresServer;
  let schemas = 0;
  const stores: PostgresRecordsStore[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
  });
  const open = async (init: Partial<PostgresRecordsStoreInit> = {}, schema = `group_${(schemas += 1)}`) => {
    const store = await PostgresRecordsStore.open({ url: server.url, schema, ...init });
    stores.push(store);
    return { store, schema };
  };
  /** How many transactions wrote the rows of a schema (each row keeps its writer's xmin). */
  const writers = async (schema: string): Promise<number> => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(DISTINCT xmin::text) AS n FROM ${schema}.records`,
      );
      return Number(rows[0]?.n);
    } finally {
      await client.end();
    }
  };

  it("commits concurrent puts in one transaction, each acknowledged after it", async () => {
    const { store, schema } = await open();
    const records = await Promise.all(
      Array.from({ length: 64 }, async (_, i) => signed(newOwner(), { name: `n${i}` })),
    );
    expect(await outcomes(store, records)).toEqual(records.map(() => "stored"));
    const transactions = await writers(schema);
    expect(transactions).toBeLessThanOrEqual(2);
    expect(store.usage()).toMatchObject({ records: 64, owners: 64 });
    console.log(`records group commit: 64 concurrent puts written by ${transactions} transaction(s)`);
  });

  it("with groupCommit off, commits each put on its own", async () => {
    const { store, schema } = await open({ groupCommit: false });
    const records = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => signed(newOwner(), { name: `n${i}` })),
    );
    expect(await outcomes(store, records)).toEqual(records.map(() => "stored"));
    expect(await writers(schema)).toBe(16);
  });

  it("decides each put of a batch as a lone put in arrival order would", async () => {
    const { store, schema } = await open({ maxRecordsPerOwner: 2 });
    const owner = newOwner();
    const other = newOwner();
    const v1 = await signed(owner, { name: "a", sequence: 1 });
    const v3 = await signed(owner, { name: "a", sequence: 3 });
    const v2 = await signed(owner, { name: "a", sequence: 2 });
    const b = await signed(owner, { name: "b" });
    const c = await signed(owner, { name: "c" });
    const tombstone = await signed(owner, {
      name: "b",
      sequence: 2,
      deleted: true,
      value: new Uint8Array(0),
    });
    const expired = await signed(other, { name: "x", expires: Math.floor(Date.now() / 1000) - 1 });
    const fine = await signed(other, { name: "y" });
    const batch = [v1, v3, v2, v3, b, c, tombstone, expired, fine];
    expect(await outcomes(store, batch)).toEqual([
      "stored",
      "stored",
      "RecordStaleSequenceError",
      "duplicate",
      "stored",
      "RecordQuotaExceededError",
      "stored",
      "RecordExpiredError",
      "stored",
    ]);
    expect(await writers(schema)).toBe(1);
    expect((await store.get(owner.address, "a"))?.sequence).toBe(3);
    expect((await store.get(owner.address, "b"))?.deleted).toBe(true);
    expect(await store.get(owner.address, "c")).toBeUndefined();
    const usage = store.usage();
    expect(usage).toMatchObject({ records: 2, tombstones: 1, owners: 2 });
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    const { store: reopened } = await open({ maxRecordsPerOwner: 2 }, schema);
    expect(reopened.usage()).toEqual(usage);
  });
});
