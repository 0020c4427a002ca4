import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

import { getBytes } from "ethers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { RECORDS_SCHEMA_VERSION } from "../../node/records/store/schema.js";
import { MAX_POSITION, listedId, parseListedId, recordKeyHash } from "../../node/records/store/replicaKey.js";
import { SqliteRecordsStore } from "../../node/records/store/sqliteRecordsStore.js";
import type { RecordsStore } from "../../node/records/store/types.js";
import { SyncResponse } from "../../node/records/sync/sync.generated.js";
import { useTempDirs } from "../helpers/hooks.js";
import { newOwner, signed } from "./helpers.js";
import type { RecordsBackend } from "./storeBackends.js";
import { startRecordsBackend } from "./storeBackends.js";

/** The records table of schema 1, before replication. */
const SCHEMA_1 = `
CREATE TABLE records (
  owner BLOB NOT NULL, name TEXT NOT NULL, sequence INTEGER NOT NULL, expires INTEGER NOT NULL,
  deleted INTEGER NOT NULL, value BLOB NOT NULL, signature BLOB NOT NULL, received_at INTEGER NOT NULL,
  bytes INTEGER NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (owner, name)
) WITHOUT ROWID;
CREATE INDEX records_by_expiry ON records (expires);
PRAGMA user_version = 1;
`;

describe("the records store's replication reads: SQLite files", () => {
  const dirs = useTempDirs("waymark-records-replica-");
  const stores: SqliteRecordsStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
  });
  const open = (path?: string): SqliteRecordsStore => {
    const store = new SqliteRecordsStore({ path });
    stores.push(store);
    return store;
  };

  it("migrates a schema-1 file, keeping its records and listing them for replication", async () => {
    const path = join(await dirs.make(), "records.sqlite");
    const record = await signed(newOwner(), { name: "mail/key" });
    const db = new DatabaseSync(path);
    db.exec(SCHEMA_1);
    db.prepare("INSERT INTO records VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)").run(
      getBytes(record.owner),
      record.name,
      record.sequence,
      record.expires,
      record.value,
      record.signature,
      Date.now(),
      13,
      141,
    );
    db.close();

    const store = open(path);
    expect(await store.get(record.owner, "mail/key")).toMatchObject({ sequence: 1, name: "mail/key" });
    const fresh = open();
    await fresh.put(record);
    expect(await store.digest(0, MAX_POSITION, 64)).toEqual(await fresh.digest(0, MAX_POSITION, 64));
    expect((await store.listIds(0, MAX_POSITION, undefined, 10)).ids).toEqual(
      (await fresh.listIds(0, MAX_POSITION, undefined, 10)).ids,
    );
    await store.setMeta("lastAlive", "42");
    await store.close();
    const reopened = new DatabaseSync(path);
    expect(reopened.prepare("PRAGMA user_version").get()).toEqual({ user_version: RECORDS_SCHEMA_VERSION });
    reopened.close();
    expect(await open(path).getMeta("lastAlive")).toBe("42");
  });

  it("carries digest sums across the wire whole, those in [2^31, 2^32) included", () => {
    const sums = [0n, 2n ** 31n - 1n, 2n ** 31n, 3_000_000_000n, 2n ** 32n - 1n, 2n ** 40n];
    const frame = SyncResponse.encode({
      digest: { buckets: sums.map((sum) => ({ count: 1, sum })), floor: 0 },
    });
    expect(SyncResponse.decode(frame).digest?.buckets.map((bucket) => bucket.sum)).toEqual(sums);
  });
});

describe.each(["sqlite", "postgres"] as const)("the records store's replication reads: %s", (name) => {
  let backend: RecordsBackend;
  const stores: RecordsStore[] = [];
  beforeAll(async () => {
    backend = await startRecordsBackend(name);
  }, 60_000);
  afterAll(async () => {
    await backend.stop();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
  });
  const open = async (): Promise<RecordsStore> => {
    const store = await backend.open();
    stores.push(store);
    return store;
  };

  it("gives two stores holding the same versions the same digest, and lists what differs", async () => {
    const [left, right] = [await open(), await open()];
    const records = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => signed(newOwner(), { name: `n${i}` })),
    );
    for (const record of records) {
      await left.put(record);
      await right.put(record);
    }
    expect(await left.digest(0, MAX_POSITION, 16)).toEqual(await right.digest(0, MAX_POSITION, 16));
    expect((await left.digest(0, MAX_POSITION, 16)).reduce((sum, bucket) => sum + bucket.count, 0)).toBe(40);

    const newer = await signed(newOwner(), { name: "late", sequence: 3 });
    await left.put(newer);
    const theirs = await right.digest(0, MAX_POSITION, 16);
    const differing = (await left.digest(0, MAX_POSITION, 16))
      .map((bucket, i) => [bucket, theirs[i]] as const)
      .filter(([mine, theirs]) => mine.count !== theirs?.count || mine.sum !== theirs.sum);
    expect(differing).toHaveLength(1);

    const listed: Uint8Array[] = [];
    for (let after = undefined as Awaited<ReturnType<RecordsStore["listIds"]>>["next"]; ;) {
      const page = await left.listIds(0, MAX_POSITION, after, 7);
      listed.push(...page.ids);
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(listed).toHaveLength(41);
    const wanted = await right.missing(listed);
    expect(wanted.map((id) => parseListedId(id)?.sequence)).toEqual([3]);
    expect(await right.getListed(wanted, 1_000_000)).toEqual([]);
    expect(await left.getListed(wanted, 1_000_000)).toMatchObject([{ name: "late", sequence: 3 }]);
    expect(await left.getListed([...wanted, ...listed.slice(0, 3)], 1)).toHaveLength(1);
  });

  it("wants a listed id only when it names a higher sequence or the larger signature at the same one", async () => {
    const store = await open();
    const owner = newOwner();
    const held = await signed(owner, { sequence: 5 });
    await store.put(held);
    const hash = recordKeyHash(owner.address, "profile");
    const id = (sequence: number, head: number): Uint8Array =>
      listedId(hash, sequence, new Uint8Array(65).fill(head));
    const heldHead = held.signature[0]!;
    expect(
      (await store.missing([id(4, 255), id(6, 0)])).map((wanted) => parseListedId(wanted)?.sequence),
    ).toEqual([6]);
    expect(await store.missing([id(5, Math.min(heldHead + 1, 255))])).toHaveLength(heldHead < 255 ? 1 : 0);
    expect(await store.missing([id(5, Math.max(heldHead - 1, 0))])).toHaveLength(0);
    expect(await store.missing([new Uint8Array(12)])).toEqual([]);
  });
});
