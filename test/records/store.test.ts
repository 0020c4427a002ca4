import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

import { afterEach, describe, expect, it } from "vitest";

import { recordFromWire, recordToWire } from "../../client/records/protocol/record.js";
import { SignedRecord as WireRecord } from "../../client/records/protocol/records.generated.js";
import { RECORD_ROW_OVERHEAD_BYTES, RECORDS_SCHEMA_VERSION } from "../../node/records/store/schema.js";
import type { SqliteRecordsStoreInit } from "../../node/records/store/sqliteRecordsStore.js";
import { SqliteRecordsStore } from "../../node/records/store/sqliteRecordsStore.js";
import { useTempDirs } from "../helpers/hooks.js";
import { expectThrowsNamed, newOwner, nowSeconds, signed } from "./helpers.js";

/** Capacity bytes of a record with a name and a value of these lengths. */
const sizeOf = (name: number, value: number): number => name + value + RECORD_ROW_OVERHEAD_BYTES;

describe("SqliteRecordsStore", () => {
  const dirs = useTempDirs("waymark-records-store-");
  const stores: SqliteRecordsStore[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });
  const open = (init: SqliteRecordsStoreInit = {}): SqliteRecordsStore => {
    const store = new SqliteRecordsStore(init);
    stores.push(store);
    return store;
  };

  it("stores a record, answers it by owner and name, and counts it", async () => {
    const store = open({ maxStoreBytes: 10_000 });
    const owner = newOwner();
    const record = await signed(owner, { name: "mail/key", value: new Uint8Array([1, 2, 3]) });
    expect(store.put(record)).toBe("stored");
    const held = store.get(record.owner, "mail/key");
    expect(held).toMatchObject({ owner: owner.address, name: "mail/key", sequence: 1, deleted: false });
    expect(Buffer.from(held?.signature ?? [])).toEqual(Buffer.from(record.signature));
    expect(Buffer.from(held?.value ?? [])).toEqual(Buffer.from([1, 2, 3]));
    expect(held?.receivedAt).toBeGreaterThan(0);
    expect(store.get(owner.address, "other")).toBeUndefined();
    const bytes = sizeOf(8, 3);
    expect(store.usage()).toEqual({
      records: 1,
      tombstones: 0,
      owners: 1,
      bytes,
      capacity: 10_000,
      free: 10_000 - bytes,
    });
  });

  it("replaces a lower sequence, refuses a lower one as stale and a repeat as a duplicate", async () => {
    const store = open();
    const owner = newOwner();
    const first = await signed(owner, { sequence: 1 });
    const second = await signed(owner, { sequence: 5, value: new Uint8Array([9]) });
    expect(store.put(first)).toBe("stored");
    expect(store.put(second)).toBe("stored");
    expect(store.get(owner.address, "profile")?.sequence).toBe(5);
    expect(store.put(second)).toBe("duplicate");
    expectThrowsNamed(() => store.put(first), "RecordStaleSequenceError");
    expect(store.get(owner.address, "profile")?.sequence).toBe(5);
    expect(store.usage()).toMatchObject({ records: 1, bytes: sizeOf(7, 1) });
  });

  it("breaks a tie at an equal sequence by the larger signature, whichever arrives first", async () => {
    const owner = newOwner();
    const a = await signed(owner, { sequence: 7, value: new Uint8Array([1]) });
    const b = await signed(owner, { sequence: 7, value: new Uint8Array([2]) });
    const [small, large] = Buffer.compare(a.signature, b.signature) < 0 ? [a, b] : [b, a];

    const one = open();
    expect(one.put(small)).toBe("stored");
    expect(one.put(large)).toBe("stored");
    const other = open();
    expect(other.put(large)).toBe("stored");
    expectThrowsNamed(() => other.put(small), "RecordStaleSequenceError");
    for (const store of [one, other]) {
      expect(Buffer.from(store.get(owner.address, "profile")?.signature ?? [])).toEqual(
        Buffer.from(large.signature),
      );
    }
  });

  it("keeps a tombstone, serves it, leaves it out of lists and refuses replays of older sequences", async () => {
    const store = open();
    const owner = newOwner();
    const live = await signed(owner, { sequence: 1 });
    store.put(live);
    store.put(await signed(owner, { name: "other" }));
    const tombstone = await signed(owner, { sequence: 2, deleted: true, value: new Uint8Array() });
    expect(store.put(tombstone)).toBe("stored");
    expect(store.get(owner.address, "profile")).toMatchObject({ deleted: true, sequence: 2 });
    expect(store.list(owner.address, undefined, 10).map((row) => row.name)).toEqual(["other"]);
    expectThrowsNamed(() => store.put(live), "RecordStaleSequenceError");
    expect(store.usage()).toMatchObject({ records: 1, tombstones: 1, owners: 1 });
  });

  it("stores a tombstone as decoded off the wire, its empty value included", async () => {
    const store = open();
    const owner = newOwner();
    const tombstone = await signed(owner, { deleted: true, value: new Uint8Array() });
    const wire = recordFromWire(WireRecord.decode(WireRecord.encode(recordToWire(tombstone))));
    expect(store.put(wire)).toBe("stored");
    expect(store.get(owner.address, "profile")?.value.byteLength).toBe(0);
  });

  it("lists an owner's live names in byte order, a page at a time after a name", async () => {
    const store = open();
    const owner = newOwner();
    for (const name of ["b", "a", "B", "a.b", "a/c", "z9", "Z"]) store.put(await signed(owner, { name }));
    store.put(await signed(newOwner(), { name: "a" }));
    const first = store.list(owner.address, undefined, 3);
    expect(first.map((row) => row.name)).toEqual(["B", "Z", "a"]);
    expect(first[0]).toMatchObject({ sequence: 1, valueBytes: 5 });
    expect(store.list(owner.address, "a", 10).map((row) => row.name)).toEqual(["a.b", "a/c", "b", "z9"]);
  });

  it("iterates every key in (owner, name) order and reads many at once, for replication", async () => {
    const store = open();
    const owners = [newOwner(), newOwner()];
    for (const owner of owners) {
      for (const name of ["y", "x"]) store.put(await signed(owner, { name, sequence: 3 }));
    }
    const all = store.keys(undefined, 10);
    const sorted = [...owners].sort((l, r) =>
      Buffer.compare(Buffer.from(l.address.slice(2), "hex"), Buffer.from(r.address.slice(2), "hex")),
    );
    expect(all.map((key) => `${key.owner}/${key.name}`)).toEqual(
      sorted.flatMap((owner) => [`${owner.address}/x`, `${owner.address}/y`]),
    );
    expect(all.every((key) => key.sequence === 3)).toBe(true);
    const rest = store.keys(all[1], 10);
    expect(rest).toEqual(all.slice(2));
    const many = store.getMany([all[3]!, { owner: owners[0]!.address, name: "missing" }, all[0]!]);
    expect(many.map((record) => `${record.owner}/${record.name}`)).toEqual([
      `${all[3]!.owner}/${all[3]!.name}`,
      `${all[0]!.owner}/${all[0]!.name}`,
    ]);
  });

  it("never serves an expired record, and deletes it at the sweep", async () => {
    let now = Date.now();
    const store = open({ clock: () => now });
    const owner = newOwner();
    const record = await signed(owner, { expires: nowSeconds() + 10 });
    store.put(record);
    store.put(await signed(owner, { name: "later" }));
    now += 11_000;
    expect(store.get(owner.address, "profile")).toBeUndefined();
    expect(store.getMany([{ owner: owner.address, name: "profile" }])).toEqual([]);
    expect(store.list(owner.address, undefined, 10).map((row) => row.name)).toEqual(["later"]);
    expect(store.keys(undefined, 10).map((key) => key.name)).toEqual(["later"]);
    expect(store.usage().records).toBe(1);
    expect(store.usage().bytes).toBe(sizeOf(7, 5) + sizeOf(5, 5));
    expect(store.sweep()).toBe(1);
    expect(store.usage().bytes).toBe(sizeOf(5, 5));
    expect(store.sweep()).toBe(0);
    expectThrowsNamed(() => store.put(record), "RecordExpiredError");
  });

  it("forgets an expired tombstone, so that an older sequence may be stored again", async () => {
    let now = Date.now();
    const store = open({ clock: () => now });
    const owner = newOwner();
    const tombstone = { sequence: 9, deleted: true, value: new Uint8Array(), expires: nowSeconds() + 5 };
    store.put(await signed(owner, tombstone));
    const older = await signed(owner, { sequence: 1 });
    expectThrowsNamed(() => store.put(older), "RecordStaleSequenceError");
    now += 6_000;
    expect(store.put(older)).toBe("stored");
  });

  it("refuses an owner's new name beyond its records quota, but lets it replace and delete", async () => {
    const store = open({ maxRecordsPerOwner: 2 });
    const owner = newOwner();
    store.put(await signed(owner, { name: "a" }));
    store.put(await signed(owner, { name: "b" }));
    const third = await signed(owner, { name: "c" });
    expect(expectThrowsNamed(() => store.put(third), "RecordQuotaExceededError").limit).toBe("records");
    expect(store.put(await signed(owner, { name: "a", sequence: 2 }))).toBe("stored");
    const deleted = { name: "b", sequence: 2, deleted: true, value: new Uint8Array() };
    expect(store.put(await signed(owner, deleted))).toBe("stored");
    expect(store.put(await signed(newOwner(), { name: "c" }))).toBe("stored");
    expect(store.get(owner.address, "c")).toBeUndefined();
  });

  it("refuses a record that would take its owner over the bytes quota, but lets it shrink", async () => {
    const store = open({ maxBytesPerOwner: 100 });
    const owner = newOwner();
    store.put(await signed(owner, { name: "a", value: new Uint8Array(60) }));
    const big = await signed(owner, { name: "b", value: new Uint8Array(39) });
    expect(expectThrowsNamed(() => store.put(big), "RecordQuotaExceededError").limit).toBe("bytes");
    expect(store.put(await signed(owner, { name: "b", value: new Uint8Array(38) }))).toBe("stored");
    const grow = await signed(owner, { name: "a", sequence: 2, value: new Uint8Array(61) });
    expectThrowsNamed(() => store.put(grow), "RecordQuotaExceededError");
    expect(store.put(await signed(owner, { name: "a", sequence: 2, value: new Uint8Array(10) }))).toBe(
      "stored",
    );
  });

  it("refuses what would take the whole store over its capacity, whoever the owner", async () => {
    const capacity = sizeOf(7, 100) * 3;
    const store = open({ maxStoreBytes: capacity });
    for (let i = 0; i < 3; i++) store.put(await signed(newOwner(), { value: new Uint8Array(100) }));
    expect(store.usage()).toMatchObject({ bytes: capacity, free: 0 });
    const next = await signed(newOwner(), { value: new Uint8Array(0) });
    expect(expectThrowsNamed(() => store.put(next), "RecordQuotaExceededError").limit).toBe("capacity");
    expect(store.usage().records).toBe(3);
  });

  it("keeps every acknowledged record across a close and a reopen", async () => {
    const path = join(await dirs.make(), "records.sqlite");
    const owner = newOwner();
    const first = open({ path, maxStoreBytes: 1_000_000 });
    for (let i = 0; i < 20; i++) first.put(await signed(owner, { name: `n${i}`, sequence: i }));
    first.put(await signed(owner, { name: "n0", sequence: 5, deleted: true, value: new Uint8Array() }));
    const usage = first.usage();
    first.close();
    const second = open({ path, maxStoreBytes: 1_000_000 });
    expect(second.usage()).toEqual(usage);
    expect(second.get(owner.address, "n19")?.sequence).toBe(19);
    expect(second.get(owner.address, "n0")).toMatchObject({ deleted: true, sequence: 5 });
    const replay = await signed(owner, { name: "n0", sequence: 4 });
    expectThrowsNamed(() => second.put(replay), "RecordStaleSequenceError");
  });

  it("refuses a file with a newer schema than it knows, with a typed error", async () => {
    const path = join(await dirs.make(), "records.sqlite");
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${RECORDS_SCHEMA_VERSION + 1}`);
    db.close();
    const error = expectThrowsNamed(() => new SqliteRecordsStore({ path }), "RecordsStoreSchemaError");
    expect(error.found).toBe(RECORDS_SCHEMA_VERSION + 1);
  });
});
