import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

import { afterEach, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { envelopeSize } from "../../node/mail/store/sqlite/schema.js";
import type { StoredEnvelope, StoreQuery } from "../../node/mail/store/types.js";
import { Harness, payloadOf } from "./helpers.js";

const NOW = 1_800_000_000_000;

function stored(topic: string, timestamp: number, fill = 1, size = 100, ttlSeconds = 3_600): StoredEnvelope {
  const envelope = createEnvelope({ topic, payload: payloadOf(size, fill), timestamp, ttl: ttlSeconds });
  return { ...envelope, expiresAt: timestamp + ttlSeconds * 1000 };
}

function query(overrides: Partial<StoreQuery> = {}): StoreQuery {
  return {
    topics: [],
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
    after: undefined,
    direction: "forward",
    limit: 100,
    maxBytes: 1_000_000,
    now: NOW,
    ...overrides,
  };
}

describe("SqliteMailStore", () => {
  const harness = new Harness();
  const stores: SqliteMailStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
    await harness.cleanup();
  });

  async function open(init: ConstructorParameters<typeof SqliteMailStore>[0] = {}): Promise<SqliteMailStore> {
    const store = new SqliteMailStore({
      path: join(await harness.tempDir(), "mail.sqlite"),
      clock: () => NOW,
      ...init,
    });
    stores.push(store);
    return store;
  }

  it("commits concurrent puts together and answers each with its own outcomes", async () => {
    const store = await open();
    const envelopes = Array.from({ length: 300 }, (_, i) => stored("/t", NOW - 1_000 + i, i % 256));
    const outcomes = await Promise.all([
      ...envelopes.map(async (envelope) => store.put([envelope])),
      store.put([envelopes[0]!, envelopes[0]!]),
    ]);
    expect(outcomes.slice(0, 300).every(([outcome]) => outcome === "stored")).toBe(true);
    expect(outcomes[300]).toEqual(["duplicate", "duplicate"]);
    expect(store.stats().messages).toBe(300);
  });

  it("keeps what it committed across a reopen, with the same figures", async () => {
    const path = join(await harness.tempDir(), "mail.sqlite");
    const first = new SqliteMailStore({ path, clock: () => NOW, groupCommit: false });
    await first.put([stored("/t", NOW - 5), stored("/t", NOW - 3, 2)]);
    await first.setMeta("lastAlive", "123");
    const figures = first.stats();
    await first.close();

    const second = new SqliteMailStore({ path, clock: () => NOW });
    stores.push(second);
    expect(second.stats()).toEqual(figures);
    expect(await second.getMeta("lastAlive")).toBe("123");
    expect((await second.query(query())).envelopes).toHaveLength(2);
  });

  it("evicts the oldest envelopes above the size limit and refuses anything at or below the floor", async () => {
    const size = envelopeSize(2, 100);
    const store = await open({ maxStoreBytes: size * 5 });
    for (let i = 0; i < 8; i++) await store.put([stored("/t", NOW - 1_000 + i, i)]);

    expect(store.stats()).toMatchObject({ messages: 5, bytes: size * 5, floor: NOW - 1_000 + 2 });
    const kept = (await store.query(query())).envelopes.map((envelope) => envelope.timestamp);
    expect(kept).toEqual([3, 4, 5, 6, 7].map((i) => NOW - 1_000 + i));
    expect(await store.put([stored("/t", NOW - 1_000 + 2, 99)])).toEqual(["refused"]);
  });

  it("refuses an envelope that has already expired, and deletes expired ones on a sweep", async () => {
    const store = await open();
    expect(await store.put([stored("/t", NOW - 10_000, 1, 10, 5)])).toEqual(["refused"]);
    await store.put([stored("/t", NOW - 1_000, 2, 10, 5), stored("/t", NOW - 1_000, 3, 10, 60)]);
    expect(await store.expire(NOW + 4_500)).toBe(1);
    expect(store.stats().messages).toBe(1);
  });

  it("pages by position so that envelopes arriving meanwhile never shift a page", async () => {
    const store = await open();
    await store.put([1, 2, 3, 4].map((i) => stored("/t", NOW - 100 + i * 10, i)));
    const first = await store.query(query({ limit: 2 }));
    await store.put([stored("/t", NOW - 100 + 5, 9)]);
    const second = await store.query(query({ limit: 2, after: first.next }));
    expect(second.envelopes.map((envelope) => envelope.timestamp)).toEqual([NOW - 70, NOW - 60]);
    expect(second.next).toBeUndefined();
  });

  it("stops a page at its byte budget but always returns at least one envelope", async () => {
    const store = await open();
    await store.put([1, 2, 3].map((i) => stored("/t", NOW - 100 + i, i, 1_000)));
    const page = await store.query(query({ maxBytes: 10 }));
    expect(page.envelopes).toHaveLength(1);
    expect(page.next).toBeDefined();
  });

  it("gives equal digests for equal contents and lists the ids of a slice", async () => {
    const [a, b] = [await open(), await open()];
    const envelopes = Array.from({ length: 20 }, (_, i) => stored("/t", NOW - 20_000 + i * 1_000, i));
    await a.put(envelopes);
    await b.put([...envelopes].reverse());
    expect(await a.digest(NOW - 20_000, NOW, 8, NOW)).toEqual(await b.digest(NOW - 20_000, NOW, 8, NOW));

    await b.put([stored("/t", NOW - 500, 77)]);
    const [da, db] = [await a.digest(NOW - 20_000, NOW, 8, NOW), await b.digest(NOW - 20_000, NOW, 8, NOW)];
    expect(da.filter((bucket, i) => bucket.count !== db[i]!.count || bucket.sum !== db[i]!.sum)).toHaveLength(
      1,
    );

    const listed: string[] = [];
    let after;
    do {
      const page = await a.listIds(NOW - 20_000, NOW, after, 6, NOW);
      listed.push(...page.ids.map(envelopeIdHex));
      after = page.next;
    } while (after !== undefined);
    expect(listed).toEqual(envelopes.map((envelope) => envelopeIdHex(envelope.id)));
    expect(await a.missing([envelopes[0]!.id, stored("/t", NOW, 200).id])).toHaveLength(1);
  });

  it("ranks a future-dated envelope by its arrival, so the floor never passes the clock", async () => {
    const size = envelopeSize(2, 100);
    let now = NOW;
    const store = await open({ maxStoreBytes: size * 3, clock: () => now });
    // Dated two minutes ahead, arriving at NOW: each ranks at NOW, not at its claimed time.
    for (let i = 0; i < 6; i++) await store.put([stored("/t", NOW + 120_000 + i, i)]);
    expect(store.stats().messages).toBe(3);
    expect(store.stats().floor).toBe(NOW);
    // A millisecond later, an envelope dated now ranks above the floor.
    now += 1;
    expect(await store.put([stored("/t", now, 50)])).toEqual(["stored"]);
  });

  it("keeps an origin within its share of a full store: refuses its surplus, evicts it first", async () => {
    const size = envelopeSize(2, 100);
    const store = await open({ maxStoreBytes: size * 10, maxOriginShare: 0.3 });
    const honest = Array.from({ length: 4 }, (_, i) => stored("/t", NOW - 1_000 + i, i));
    await store.put(honest);
    // Free space is taken whoever offers it...
    const spam = Array.from({ length: 8 }, (_, i) => ({
      ...stored("/t", NOW - 500 + i, 100 + i),
      origin: "provider:9",
    }));
    expect(await store.put(spam.slice(0, 6))).toEqual(Array(6).fill("stored"));
    // ...but once full, an origin over its share cannot displace anyone.
    expect(await store.put(spam.slice(6))).toEqual(["over-share", "over-share"]);
    // Others still get room, taken first from the origin over its share.
    await store.put([stored("/t", NOW - 10, 200), stored("/t", NOW - 9, 201)]);
    const held = new Set(
      (await store.query(query())).envelopes.map((envelope) => envelopeIdHex(envelope.id)),
    );
    expect(honest.every((envelope) => held.has(envelopeIdHex(envelope.id)))).toBe(true);
    expect(spam.slice(0, 6).filter((envelope) => held.has(envelopeIdHex(envelope.id)))).toHaveLength(4);
    // Evicting a surplus does not raise the floor: older mail of others is still welcome.
    expect(store.stats().floor).toBe(0);
  });

  it("deletes on a sweep what is dated further ahead than it accepts", async () => {
    const store = await open({ maxFutureMs: 120_000 });
    await store.put([stored("/t", NOW + 100_000, 1), stored("/t", NOW + 400_000, 2)]);
    expect(await store.expire(NOW)).toBe(1);
    expect((await store.query(query())).envelopes.map((envelope) => envelope.timestamp)).toEqual([
      NOW + 100_000,
    ]);
  });

  it("upgrades a store of the first schema: keeps its envelopes, ranks them, lowers a floor above the clock", async () => {
    const path = join(await harness.tempDir(), "mail.sqlite");
    const old = new DatabaseSync(path);
    old.exec(`
      CREATE TABLE envelopes (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, topic TEXT NOT NULL,
        timestamp INTEGER NOT NULL, ttl INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        payload BLOB NOT NULL, size INTEGER NOT NULL, h INTEGER NOT NULL);
      CREATE INDEX envelopes_by_topic_time ON envelopes (topic, timestamp, id);
      CREATE INDEX envelopes_by_time ON envelopes (timestamp, id, h);
      CREATE INDEX envelopes_by_expiry ON envelopes (expires_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      PRAGMA user_version = 1;
    `);
    const insert = old.prepare(
      "INSERT INTO envelopes (id, topic, timestamp, ttl, expires_at, payload, size, h) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
    );
    const kept = [stored("/t", NOW - 2_000, 1), stored("/t", NOW + 50_000, 2)];
    for (const envelope of kept) {
      insert.run(
        envelope.id,
        envelope.topic,
        envelope.timestamp,
        envelope.ttl,
        envelope.expiresAt,
        envelope.payload,
        envelopeSize(2, 100),
      );
    }
    // A floor decades ahead, as envelopes replicated from the future could leave it.
    old.prepare("INSERT INTO meta (key, value) VALUES ('floor', ?)").run(String(NOW + 1e12));
    old.close();

    let now = NOW;
    const store = await open({ path, maxStoreBytes: envelopeSize(2, 100) * 3, clock: () => now });
    expect(store.stats()).toMatchObject({ messages: 2, floor: NOW });
    expect((await store.query(query({ topics: ["/t"] }))).envelopes).toHaveLength(2);
    now += 10;
    expect(await store.put([stored("/t", now, 3)])).toEqual(["stored"]);
    // The future-dated envelope ranks at the upgrade's clock: it is evicted before later arrivals,
    // whatever its timestamp claims.
    for (const step of [20, 30]) {
      now = NOW + step;
      await store.put([stored("/t", now, step)]);
    }
    const timestamps = (await store.query(query())).envelopes.map((envelope) => envelope.timestamp);
    expect(timestamps).toEqual([NOW + 10, NOW + 20, NOW + 30]);
  });
});
