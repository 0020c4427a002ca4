import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { envelopeSize } from "../../node/mail/store/sqlite/schema.js";
import type { MailStore, StoredEnvelope, StoreQuery } from "../../node/mail/store/types.js";
import { payloadOf } from "./helpers.js";
import type { CommonStoreInit, StoreBackend } from "./storeBackends.js";
import { startBackend } from "./storeBackends.js";

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

// The same behaviour from every backend: SQLite on its own thread (the default), SQLite on the
// calling thread, and PostgreSQL (a real server, started for this file; the test fails when
// PostgreSQL is not installed).
describe.each(["sqlite", "sqlite-inline", "postgres"] as const)("mail store conformance: %s", (name) => {
  let backend: StoreBackend;
  const stores: MailStore[] = [];
  beforeAll(async () => {
    backend = await startBackend(name);
  }, 60_000);
  afterAll(async () => {
    await backend.stop();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
  });

  function track(store: MailStore): MailStore {
    stores.push(store);
    return store;
  }

  async function open(init: CommonStoreInit = {}): Promise<MailStore> {
    return track(await backend.open({ clock: () => NOW, ...init }));
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
    const place = await backend.place();
    const first = await backend.open({ clock: () => NOW, groupCommit: false }, place);
    await first.put([stored("/t", NOW - 5), stored("/t", NOW - 3, 2)]);
    await first.setMeta("lastAlive", "123");
    const figures = first.stats();
    await first.close();

    const second = track(await backend.open({ clock: () => NOW }, place));
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

  it("merges several topics in (timestamp, id) order both ways, and pages across them", async () => {
    const store = await open();
    const envelopes = Array.from({ length: 12 }, (_, i) => stored(`/t${i % 3}`, NOW - 100 + i, i));
    await store.put(envelopes);
    const topics = ["/t0", "/t2"];
    const wanted = envelopes.filter((envelope) => topics.includes(envelope.topic)).map((e) => e.timestamp);
    const forward: number[] = [];
    const backward: number[] = [];
    for (const [direction, into] of [
      ["forward", forward],
      ["backward", backward],
    ] as const) {
      let after;
      do {
        const page = await store.query(query({ topics, limit: 3, direction, after }));
        into.push(...page.envelopes.map((envelope) => envelope.timestamp));
        after = page.next;
      } while (after !== undefined);
    }
    expect(forward).toEqual(wanted);
    expect(backward).toEqual([...wanted].reverse());
    expect(
      (await store.query(query({ topics: ["/t1"], from: NOW - 95, to: NOW - 92 }))).envelopes,
    ).toHaveLength(1);
  });

  it("gets envelopes by id in the order asked, leaving out expired and unknown ones, within the byte budget", async () => {
    const store = await open();
    const [a, b, c] = [stored("/t", NOW - 3, 1), stored("/t", NOW - 2, 2, 100, 1), stored("/t", NOW - 1, 3)];
    await store.put([a, b, c]);
    const got = await store.get([c.id, stored("/t", NOW, 9).id, a.id], 1_000_000, NOW);
    expect(got.map((envelope) => envelopeIdHex(envelope.id))).toEqual([c, a].map((e) => envelopeIdHex(e.id)));
    expect(got[0]!.payload).toEqual(c.payload);
    expect(got[0]).toMatchObject({ topic: "/t", timestamp: c.timestamp, ttl: c.ttl, expiresAt: c.expiresAt });
    expect(await store.get([a.id, b.id, c.id], 1_000_000, NOW + 1_500)).toHaveLength(2);
    expect(await store.get([a.id, c.id], 1, NOW)).toHaveLength(1);
  });

  it("stores an empty payload and a topic of multi-byte characters as they are", async () => {
    const store = await open();
    const envelope = {
      ...createEnvelope({ topic: "/тема/🙂", payload: new Uint8Array(0), timestamp: NOW - 1, ttl: 60 }),
      expiresAt: NOW + 60_000,
    };
    expect(await store.put([envelope])).toEqual(["stored"]);
    const [back] = (await store.query(query({ topics: ["/тема/🙂"] }))).envelopes;
    expect(back?.payload).toHaveLength(0);
    expect(store.stats().bytes).toBe(envelopeSize(Buffer.byteLength("/тема/🙂"), 0));
  });

  it("fails a whole batch when the store is closed, and never acknowledges it", async () => {
    const store = await backend.open({ clock: () => NOW });
    await store.close();
    await expect(store.put([stored("/t", NOW - 1)])).rejects.toThrow(/closed/);
  });

  it("stores and finds a topic made of SQL syntax verbatim, the table intact", async () => {
    const store = await open();
    const topic = "/x'); DROP TABLE envelopes; --\\%_";
    const envelope = stored(topic, NOW - 5, 4);
    expect(await store.put([envelope, stored("/plain", NOW - 4, 5)])).toEqual(["stored", "stored"]);
    expect((await store.query(query({ topics: [topic] }))).envelopes.map((e) => e.topic)).toEqual([topic]);
    expect((await store.query(query({ topics: ["/x%"] }))).envelopes).toEqual([]);
    expect(store.stats().messages).toBe(2);
  });
});
