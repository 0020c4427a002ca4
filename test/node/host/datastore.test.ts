import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { LevelDatastore } from "datastore-level";
import { Key } from "interface-datastore";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { DATASTORE_DIR, NodeDatastore, openDatastore } from "../../../node/host/datastore.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array): string => new TextDecoder().decode(value);

describe("the node's datastore", () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "waymark-datastore-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** What LevelDB itself holds, read once the node's datastore is closed. */
  async function onDisk(key: Key): Promise<string | undefined> {
    const level = new LevelDatastore(join(dataDir, DATASTORE_DIR));
    await level.open();
    try {
      return (await level.has(key)) ? text(await level.get(key)) : undefined;
    } finally {
      await level.close();
    }
  }

  it("serves a peer record's latest value from memory and writes it to disk in a batch", async () => {
    const datastore = await openDatastore(dataDir);
    const peer = new Key("/peers/abc");
    await datastore.put(peer, bytes("first"));
    await datastore.put(peer, bytes("second"));
    expect(text(await datastore.get(peer))).toBe("second");
    expect(await datastore.has(peer)).toBe(true);
    const queried: string[] = [];
    for await (const { key, value } of datastore.query({ prefix: "/peers/" })) {
      queried.push(`${key.toString()}=${text(value)}`);
    }
    expect(queried).toEqual(["/peers/abc=second"]);
    await datastore.close();
    expect(await onDisk(peer)).toBe("second");
  });

  it("keeps a peer record cut from a larger buffer in a buffer of its own", async () => {
    const datastore = await openDatastore(dataDir);
    const peer = new Key("/peers/pooled");
    // A record as libp2p encodes it: a slice of Node's shared 8 KiB pool.
    const pooled = Buffer.from("a peer record");
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    await datastore.put(peer, pooled);
    const kept = await datastore.get(peer);
    expect(text(kept)).toBe("a peer record");
    expect(kept.buffer.byteLength).toBe(kept.byteLength);
    await datastore.close();
  });

  it("knows a peer record never written is absent without reading LevelDB, and still reads those on disk", async () => {
    const first = await openDatastore(dataDir);
    await first.put(new Key("/peers/old"), bytes("from before"));
    await first.close();

    const reads: string[] = [];
    class CountingLevel extends LevelDatastore {
      override async get(key: Key): Promise<Uint8Array> {
        reads.push(key.toString());
        return super.get(key);
      }
      override async has(key: Key): Promise<boolean> {
        reads.push(key.toString());
        return super.has(key);
      }
    }
    const level = new CountingLevel(join(dataDir, DATASTORE_DIR));
    await level.open();
    // Room for one record in memory, so that a record written now is read back from disk.
    const datastore = new NodeDatastore(level, 1_000, 1);
    await datastore.loadPeerRecordNames();
    try {
      await expect(datastore.get(new Key("/peers/new"))).rejects.toMatchObject({ name: "NotFoundError" });
      expect(await datastore.has(new Key("/peers/new"))).toBe(false);
      expect(reads).toEqual([]);

      expect(text(await datastore.get(new Key("/peers/old")))).toBe("from before");
      await datastore.put(new Key("/peers/a"), bytes("a"));
      await datastore.put(new Key("/peers/b"), bytes("b"));
      await datastore.flush();
      expect(text(await datastore.get(new Key("/peers/a")))).toBe("a");
      expect(reads).toEqual(["/peers/old", "/peers/a"]);
    } finally {
      await datastore.close();
    }
  });

  it("stops listing peer record names past its limit and looks records up on disk again", async () => {
    const reads: string[] = [];
    class CountingLevel extends LevelDatastore {
      override async has(key: Key): Promise<boolean> {
        reads.push(key.toString());
        return super.has(key);
      }
    }
    const level = new CountingLevel(join(dataDir, DATASTORE_DIR));
    await level.open();
    const datastore = new NodeDatastore(level, 1_000, 10, 2);
    await datastore.loadPeerRecordNames();
    try {
      await datastore.put(new Key("/peers/a"), bytes("a"));
      await datastore.put(new Key("/peers/b"), bytes("b"));
      expect(await datastore.has(new Key("/peers/never"))).toBe(false);
      expect(reads).toEqual([]);
      // A third name is past the limit of 2: the list is dropped, and misses go to disk.
      await datastore.put(new Key("/peers/c"), bytes("c"));
      expect(await datastore.has(new Key("/peers/never"))).toBe(false);
      expect(reads).toEqual(["/peers/never"]);
    } finally {
      await datastore.close();
    }
  });

  it("writes what is not a peer record straight to disk", async () => {
    const datastore = await openDatastore(dataDir);
    const record = new Key("/dht/record/xyz");
    await datastore.put(record, bytes("value"));
    await datastore.close();
    expect(await onDisk(record)).toBe("value");
  });

  it("a deleted peer record is gone at once and from disk after the flush", async () => {
    const datastore = await openDatastore(dataDir);
    const peer = new Key("/peers/gone");
    await datastore.put(peer, bytes("value"));
    await datastore.flush();
    await datastore.delete(peer);
    expect(await datastore.has(peer)).toBe(false);
    await expect(datastore.get(peer)).rejects.toMatchObject({ name: "NotFoundError" });
    await datastore.close();
    expect(await onDisk(peer)).toBeUndefined();
  });

  it("writes pending peer records to disk within the flush interval, without a close", async () => {
    const level = new LevelDatastore(join(dataDir, DATASTORE_DIR));
    await level.open();
    const datastore = new NodeDatastore(level, 50);
    const peer = new Key("/peers/timed");
    await datastore.put(peer, bytes("value"));
    expect(await level.has(peer)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(text(await level.get(peer))).toBe("value");
    await datastore.close();
  });

  it("keeps at most its limit of peer records in memory and reads the others from disk", async () => {
    const level = new LevelDatastore(join(dataDir, DATASTORE_DIR));
    await level.open();
    const datastore = new NodeDatastore(level, 1_000, 2);
    const keys = ["/peers/a", "/peers/b", "/peers/c"].map((name) => new Key(name));
    for (const key of keys) await datastore.put(key, bytes(key.toString()));
    await datastore.flush();
    expect((datastore as unknown as { cache: Map<string, unknown> }).cache.size).toBe(2);
    for (const key of keys) expect(text(await datastore.get(key))).toBe(key.toString());
    await datastore.close();
  });

  it("refuses a peer record written after close, as LevelDB does, without an unhandled failure", async () => {
    const datastore = await openDatastore(dataDir);
    await datastore.close();
    await expect(datastore.put(new Key("/peers/late"), bytes("value"))).rejects.toMatchObject({
      name: "PutFailedError",
    });
  });
});
