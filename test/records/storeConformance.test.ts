import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { recordFromWire, recordToWire } from "../../client/records/protocol/record.js";
import { SignedRecord as WireRecord } from "../../client/records/protocol/records.generated.js";
import { RECORD_ROW_OVERHEAD_BYTES } from "../../node/records/store/schema.js";
import type { RecordsStore } from "../../node/records/store/types.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { newOwner, nowSeconds, signed } from "./helpers.js";
import type { CommonRecordsInit, RecordsBackend } from "./storeBackends.js";
import { startRecordsBackend } from "./storeBackends.js";

/** Capacity bytes of a record with a name and a value of these lengths. */
const sizeOf = (name: number, value: number): number => name + value + RECORD_ROW_OVERHEAD_BYTES;

// The same behaviour from every backend: SQLite (the default) and PostgreSQL (a real server,
// started for this file; the test fails when PostgreSQL is not installed).
describe.each(["sqlite", "postgres"] as const)("records store conformance: %s", (name) => {
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
  const track = (store: RecordsStore): RecordsStore => {
    stores.push(store);
    return store;
  };
  const open = async (init: CommonRecordsInit = {}): Promise<RecordsStore> => track(await backend.open(init));

  it("stores a record, answers it by owner and name, and counts it", async () => {
    const store = await open({ maxStoreBytes: 10_000 });
    const owner = newOwner();
    const record = await signed(owner, { name: "mail/key", value: new Uint8Array([1, 2, 3]) });
    expect(await store.put(record)).toBe("stored");
    const held = await store.get(record.owner, "mail/key");
    expect(held).toMatchObject({ owner: owner.address, name: "mail/key", sequence: 1, deleted: false });
    expect(Buffer.from(held?.signature ?? [])).toEqual(Buffer.from(record.signature));
    expect(Buffer.from(held?.value ?? [])).toEqual(Buffer.from([1, 2, 3]));
    expect(held?.receivedAt).toBeGreaterThan(0);
    expect(await store.get(owner.address, "other")).toBeUndefined();
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
    const store = await open();
    const owner = newOwner();
    const first = await signed(owner, { sequence: 1 });
    const second = await signed(owner, { sequence: 5, value: new Uint8Array([9]) });
    expect(await store.put(first)).toBe("stored");
    expect(await store.put(second)).toBe("stored");
    expect((await store.get(owner.address, "profile"))?.sequence).toBe(5);
    expect(await store.put(second)).toBe("duplicate");
    await expectRejectsNamed(store.put(first), "RecordStaleSequenceError");
    expect((await store.get(owner.address, "profile"))?.sequence).toBe(5);
    expect(store.usage()).toMatchObject({ records: 1, bytes: sizeOf(7, 1) });
  });

  it("breaks a tie at an equal sequence by the larger signature, whichever arrives first", async () => {
    const owner = newOwner();
    const a = await signed(owner, { sequence: 7, value: new Uint8Array([1]) });
    const b = await signed(owner, { sequence: 7, value: new Uint8Array([2]) });
    const [small, large] = Buffer.compare(a.signature, b.signature) < 0 ? [a, b] : [b, a];

    const one = await open();
    expect(await one.put(small)).toBe("stored");
    expect(await one.put(large)).toBe("stored");
    const other = await open();
    expect(await other.put(large)).toBe("stored");
    await expectRejectsNamed(other.put(small), "RecordStaleSequenceError");
    for (const store of [one, other]) {
      expect(Buffer.from((await store.get(owner.address, "profile"))?.signature ?? [])).toEqual(
        Buffer.from(large.signature),
      );
    }
  });

  it("keeps a tombstone, serves it, leaves it out of lists and refuses replays of older sequences", async () => {
    const store = await open();
    const owner = newOwner();
    const live = await signed(owner, { sequence: 1 });
    await store.put(live);
    await store.put(await signed(owner, { name: "other" }));
    const tombstone = await signed(owner, { sequence: 2, deleted: true, value: new Uint8Array() });
    expect(await store.put(tombstone)).toBe("stored");
    expect(await store.get(owner.address, "profile")).toMatchObject({ deleted: true, sequence: 2 });
    expect((await store.list(owner.address, undefined, 10)).map((row) => row.name)).toEqual(["other"]);
    await expectRejectsNamed(store.put(live), "RecordStaleSequenceError");
    expect(store.usage()).toMatchObject({ records: 1, tombstones: 1, owners: 1 });
  });

  it("stores a tombstone as decoded off the wire, its empty value included", async () => {
    const store = await open();
    const owner = newOwner();
    const tombstone = await signed(owner, { deleted: true, value: new Uint8Array() });
    const wire = recordFromWire(WireRecord.decode(WireRecord.encode(recordToWire(tombstone))));
    expect(await store.put(wire)).toBe("stored");
    expect((await store.get(owner.address, "profile"))?.value.byteLength).toBe(0);
  });

  it("lists an owner's live names in byte order, a page at a time after a name", async () => {
    const store = await open();
    const owner = newOwner();
    for (const name of ["b", "a", "B", "a.b", "a/c", "z9", "Z"])
      await store.put(await signed(owner, { name }));
    await store.put(await signed(newOwner(), { name: "a" }));
    const first = await store.list(owner.address, undefined, 3);
    expect(first.map((row) => row.name)).toEqual(["B", "Z", "a"]);
    expect(first[0]).toMatchObject({ sequence: 1, valueBytes: 5 });
    expect((await store.list(owner.address, "a", 10)).map((row) => row.name)).toEqual([
      "a.b",
      "a/c",
      "b",
      "z9",
    ]);
  });

  it("iterates every key in (owner, name) order and reads many at once, for replication", async () => {
    const store = await open();
    const owners = [newOwner(), newOwner()];
    for (const owner of owners) {
      for (const name of ["y", "x"]) await store.put(await signed(owner, { name, sequence: 3 }));
    }
    const all = await store.keys(undefined, 10);
    const sorted = [...owners].sort((l, r) =>
      Buffer.compare(Buffer.from(l.address.slice(2), "hex"), Buffer.from(r.address.slice(2), "hex")),
    );
    expect(all.map((key) => `${key.owner}/${key.name}`)).toEqual(
      sorted.flatMap((owner) => [`${owner.address}/x`, `${owner.address}/y`]),
    );
    expect(all.every((key) => key.sequence === 3)).toBe(true);
    const rest = await store.keys(all[1], 10);
    expect(rest).toEqual(all.slice(2));
    const many = await store.getMany([all[3]!, { owner: owners[0]!.address, name: "missing" }, all[0]!]);
    expect(many.map((record) => `${record.owner}/${record.name}`)).toEqual([
      `${all[3]!.owner}/${all[3]!.name}`,
      `${all[0]!.owner}/${all[0]!.name}`,
    ]);
  });

  it("never serves an expired record, and deletes it at the sweep", async () => {
    let now = Date.now();
    const store = await open({ clock: () => now });
    const owner = newOwner();
    const record = await signed(owner, { expires: nowSeconds() + 10 });
    await store.put(record);
    await store.put(await signed(owner, { name: "later" }));
    now += 11_000;
    expect(await store.get(owner.address, "profile")).toBeUndefined();
    expect(await store.getMany([{ owner: owner.address, name: "profile" }])).toEqual([]);
    expect((await store.list(owner.address, undefined, 10)).map((row) => row.name)).toEqual(["later"]);
    expect((await store.keys(undefined, 10)).map((key) => key.name)).toEqual(["later"]);
    expect(store.usage().bytes).toBe(sizeOf(7, 5) + sizeOf(5, 5));
    expect(await store.sweep()).toBe(1);
    expect(store.usage()).toMatchObject({ records: 1, bytes: sizeOf(5, 5) });
    expect(await store.sweep()).toBe(0);
    await expectRejectsNamed(store.put(record), "RecordExpiredError");
  });

  it("forgets an expired tombstone, so that an older sequence may be stored again", async () => {
    let now = Date.now();
    const store = await open({ clock: () => now });
    const owner = newOwner();
    const tombstone = { sequence: 9, deleted: true, value: new Uint8Array(), expires: nowSeconds() + 5 };
    await store.put(await signed(owner, tombstone));
    const older = await signed(owner, { sequence: 1 });
    await expectRejectsNamed(store.put(older), "RecordStaleSequenceError");
    now += 6_000;
    expect(await store.put(older)).toBe("stored");
  });

  it("refuses an owner's new name beyond its records quota, but lets it replace and delete", async () => {
    const store = await open({ maxRecordsPerOwner: 2 });
    const owner = newOwner();
    await store.put(await signed(owner, { name: "a" }));
    await store.put(await signed(owner, { name: "b" }));
    const third = await signed(owner, { name: "c" });
    expect(
      ((await expectRejectsNamed(store.put(third), "RecordQuotaExceededError")) as Error & { limit?: string })
        .limit,
    ).toBe("records");
    expect(await store.put(await signed(owner, { name: "a", sequence: 2 }))).toBe("stored");
    const deleted = { name: "b", sequence: 2, deleted: true, value: new Uint8Array() };
    expect(await store.put(await signed(owner, deleted))).toBe("stored");
    expect(await store.put(await signed(newOwner(), { name: "c" }))).toBe("stored");
    expect(await store.get(owner.address, "c")).toBeUndefined();
  });

  it("refuses a record that would take its owner over the bytes quota, but lets it shrink", async () => {
    const store = await open({ maxBytesPerOwner: 100 });
    const owner = newOwner();
    await store.put(await signed(owner, { name: "a", value: new Uint8Array(60) }));
    const big = await signed(owner, { name: "b", value: new Uint8Array(39) });
    expect(
      ((await expectRejectsNamed(store.put(big), "RecordQuotaExceededError")) as Error & { limit?: string })
        .limit,
    ).toBe("bytes");
    expect(await store.put(await signed(owner, { name: "b", value: new Uint8Array(38) }))).toBe("stored");
    const grow = await signed(owner, { name: "a", sequence: 2, value: new Uint8Array(61) });
    await expectRejectsNamed(store.put(grow), "RecordQuotaExceededError");
    expect(await store.put(await signed(owner, { name: "a", sequence: 2, value: new Uint8Array(10) }))).toBe(
      "stored",
    );
  });

  it("refuses what would take the whole store over its capacity, whoever the owner", async () => {
    const capacity = sizeOf(7, 100) * 3;
    const store = await open({ maxStoreBytes: capacity });
    for (let i = 0; i < 3; i++) await store.put(await signed(newOwner(), { value: new Uint8Array(100) }));
    expect(store.usage()).toMatchObject({ bytes: capacity, free: 0 });
    const next = await signed(newOwner(), { value: new Uint8Array(0) });
    expect(
      ((await expectRejectsNamed(store.put(next), "RecordQuotaExceededError")) as Error & { limit?: string })
        .limit,
    ).toBe("capacity");
    expect(store.usage().records).toBe(3);
  });

  it("keeps every acknowledged record across a close and a reopen", async () => {
    const place = backend.place();
    const owner = newOwner();
    const first = await backend.open({ maxStoreBytes: 1_000_000 }, place);
    for (let i = 0; i < 20; i++) await first.put(await signed(owner, { name: `n${i}`, sequence: i }));
    await first.put(await signed(owner, { name: "n0", sequence: 5, deleted: true, value: new Uint8Array() }));
    const usage = first.usage();
    await first.close();
    const second = track(await backend.open({ maxStoreBytes: 1_000_000 }, place));
    expect(second.usage()).toEqual(usage);
    expect((await second.get(owner.address, "n19"))?.sequence).toBe(19);
    expect(await second.get(owner.address, "n0")).toMatchObject({ deleted: true, sequence: 5 });
    const replay = await signed(owner, { name: "n0", sequence: 4 });
    await expectRejectsNamed(second.put(replay), "RecordStaleSequenceError");
  });

  it("stores and lists a name made of SQL syntax verbatim, in byte order with its neighbours", async () => {
    const store = await open();
    const owner = newOwner();
    const names = ["a'); DROP TABLE records; --", "a%", "a_", "a\\"];
    for (const name of names) expect(await store.put(await signed(owner, { name }))).toBe("stored");
    const listed = (await store.list(owner.address, undefined, 10)).map((row) => row.name);
    expect(listed).toEqual([...names].sort((l, r) => Buffer.compare(Buffer.from(l), Buffer.from(r))));
    expect((await store.get(owner.address, names[0]!))?.name).toBe(names[0]);
    expect(await store.get(owner.address, "a")).toBeUndefined();
  });
});
