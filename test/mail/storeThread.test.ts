import { DatabaseSync } from "node:sqlite";

import { describe, expect, it } from "vitest";

import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import { NOW, numberedEnvelopes, threadOf, useThreadedStores } from "./threadStore.js";

const { stored, many } = numberedEnvelopes(1_024);

/** Event-loop turns (setImmediate callbacks) that ran while `work` was pending, and the longest gap between two. */
async function turnsDuring<T>(
  work: () => Promise<T>,
): Promise<{ turns: number; longestGapMs: number; value: T }> {
  let turns = 0;
  let longestGapMs = 0;
  let last = performance.now();
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const value = await work();
    return { turns, longestGapMs, value };
  } finally {
    running = false;
  }
}

// The node's SQLite store runs its transactions on a thread of its own.
describe("ThreadedSqliteMailStore", () => {
  const { stores, newPath, open } = useThreadedStores();

  it("keeps the event loop turning while a batch commits, where the in-thread store blocks it", async () => {
    const batch = many(20_000);
    const threaded = await open(await newPath(), { maxBatchSize: 20_000 });
    const off = await turnsDuring(async () => threaded.put(batch));
    expect(off.value.every((outcome) => outcome === "stored")).toBe(true);

    const inline = new SqliteMailStore({ path: await newPath(), clock: () => NOW, maxBatchSize: 20_000 });
    stores.push(inline);
    const on = await turnsDuring(async () => inline.put(batch));
    expect(on.value.every((outcome) => outcome === "stored")).toBe(true);
    console.log(
      `one 20,000-envelope commit: ${off.turns} event-loop turns (longest gap ${off.longestGapMs.toFixed(1)} ms) on its own thread, ` +
        `${on.turns} (longest gap ${on.longestGapMs.toFixed(1)} ms) on the calling thread`,
    );
    // The in-thread commit is one synchronous call: no turn runs while it lasts.
    expect(on.turns).toBeLessThanOrEqual(3);
    expect(off.turns).toBeGreaterThan(20);
    expect(threaded.stats().messages).toBe(20_000);
  }, 120_000);

  it("fails pending and later calls with a typed error when its thread stops, acknowledging nothing uncommitted", async () => {
    const at = await newPath();
    const store = await open(at, { maxBatchSize: 20_000 });
    const acknowledged = many(10);
    expect(await store.put(acknowledged)).toEqual(Array(10).fill("stored"));

    const pending = store.put(many(20_000, 1_000));
    const settled = pending.then(
      () => "acknowledged" as const,
      (err: unknown) => err,
    );
    // Stopped while the thread inserts the batch (a 20 MiB transaction takes far longer).
    await new Promise((resolve) => setTimeout(resolve, 30));
    await threadOf(store).terminate();
    const outcome = await settled;
    await expect(store.put([stored(99_999)])).rejects.toMatchObject({ name: "MailStoreThreadError" });
    await expect(store.getMeta("x")).rejects.toMatchObject({ name: "MailStoreThreadError" });
    await store.close();

    // Everything acknowledged is there; of the batch in flight, all or nothing.
    const reopened = await open(at);
    expect(await reopened.missing(acknowledged.map((envelope) => envelope.id))).toEqual([]);
    const held = reopened.stats().messages;
    const refused = outcome === "acknowledged" ? "acknowledged" : `refused with ${(outcome as Error).name}`;
    console.log(
      `thread stopped mid-commit: the batch in flight was ${refused}; the reopened store holds ${held} (10 acknowledged before)`,
    );
    if (outcome === "acknowledged") expect(held).toBe(20_010);
    else {
      expect(outcome).toMatchObject({ name: "MailStoreThreadError" });
      expect([10, 20_010]).toContain(held);
    }
    // The stopped thread's connection holds no lock: the file takes writes again.
    expect(await reopened.put([stored(99_998)])).toEqual(["stored"]);
  }, 120_000);

  it("commits everything queued before it closes, then refuses puts", async () => {
    const at = await newPath();
    const store = await ThreadedSqliteMailStore.open({ path: at, clock: () => NOW, maxBatchSize: 64 });
    const envelopes = many(1_000);
    const puts = envelopes.map(async (envelope) => store.put([envelope]));
    await store.close();
    expect((await Promise.all(puts)).flat()).toEqual(Array(1_000).fill("stored"));
    await expect(store.put([stored(5_000)])).rejects.toThrow(/closed/);
    await expect(store.close()).resolves.toBeUndefined();

    const reopened = await open(at);
    expect(reopened.stats().messages).toBe(1_000);
  }, 60_000);

  it("sweeps while pushes keep arriving, without waiting for them to stop", async () => {
    const store = await open(await newPath(), { maxBatchSize: 16 });
    const expired = { ...stored(0), expiresAt: NOW + 1 };
    expect(await store.put([expired])).toEqual(["stored"]);
    let pushing = true;
    let acknowledged = 0;
    const producers = Array.from({ length: 64 }, async (_, p) => {
      for (let n = 1 + p; pushing; n += 64) {
        await store.put([stored(n, 64)]);
        acknowledged += 1;
      }
    });
    while (acknowledged < 500) await new Promise((resolve) => setTimeout(resolve, 5));
    const sweptAt = acknowledged;
    const removed = await store.expire(NOW + 2);
    const during = acknowledged - sweptAt;
    pushing = false;
    await Promise.all(producers);
    console.log(
      `sweep under a steady stream of pushes: removed ${removed}, ${during} pushes acknowledged meanwhile`,
    );
    expect(removed).toBe(1);
    expect(await store.missing([expired.id])).toEqual([expired.id]);
  }, 60_000);

  it("keeps the class of a typed error its open raises, and commits with the caller's clock", async () => {
    const at = await newPath();
    const store = await open(at);
    // An envelope that expired by the caller's clock (not the thread's) is refused.
    const expired = { ...stored(1), expiresAt: NOW - 1 };
    expect(await store.put([expired, stored(2)])).toEqual(["refused", "stored"]);
    await store.close();

    const db = new DatabaseSync(at);
    db.exec("PRAGMA user_version = 99");
    db.close();
    await expect(ThreadedSqliteMailStore.open({ path: at })).rejects.toMatchObject({
      name: "StoreSchemaTooNewError",
      found: 99,
    });
  });
});
