import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { RECORDS_PROTOCOL_1_1 } from "../../client/records/protocol/constants.js";
import type { SignedRecord } from "../../client/records/protocol/record.js";
import { verifyRecord } from "../../client/records/protocol/record.js";
import { getRecord, listRecordNames, putRecord } from "../../client/records/protocol/requests.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useTempDirs } from "../helpers/hooks.js";
import { TEST_DOMAIN, expectRefused, newOwner, nowSeconds, signed } from "./helpers.js";
import { RecordsNodes, rawPut, rawRequest } from "./nodes.js";

const encoder = new TextEncoder();

describe("records service: put, get and list over libp2p", () => {
  const nodes = new RecordsNodes();
  const dirs = useTempDirs("waymark-records-service-");
  afterEach(async () => {
    await nodes.cleanup();
  });

  it("stores a put, answers it to a get, and acknowledges a repeat as a duplicate", async () => {
    const node = await nodes.node();
    const client = await nodes.client();
    const owner = newOwner();
    const stored: string[] = [];
    node.services.records.addEventListener("record:stored", (event) => {
      stored.push(`${event.detail.owner}/${event.detail.name}#${event.detail.sequence}`);
    });
    const record = await signed(owner, { name: "mail/key", value: encoder.encode("key bytes") });
    expect(await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, record)).toEqual({ duplicate: false });
    expect(await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, record)).toEqual({ duplicate: true });
    const read = await getRecord(client, node.getMultiaddrs(), TEST_DOMAIN, {
      owner: owner.address,
      name: "mail/key",
    });
    expect(read).toMatchObject({ owner: owner.address, name: "mail/key", sequence: 1, deleted: false });
    expect(new TextDecoder().decode(read?.value)).toBe("key bytes");
    expect(
      await getRecord(client, node.getMultiaddrs(), TEST_DOMAIN, { owner: owner.address, name: "none" }),
    ).toBeUndefined();
    expect(stored).toEqual([`${owner.address}/mail/key#1`]);
    const status = node.services.records.status();
    expect(status).toMatchObject({ records: 1, owners: 1, tombstones: 0, stored: 1 });
    expect(status.requests.put).toEqual({ ok: 2, error: 0 });
    expect(status.requests.get).toEqual({ ok: 2, error: 0 });
    expect(status.freeBytes).toBe(status.capacityBytes - status.bytesUsed);
    // Every request went over one /waymark/records/1.1.0 stream, kept open between them.
    const [connection] = client.getConnections(node.peerId);
    const streams = connection?.streams.filter((stream) => stream.protocol === RECORDS_PROTOCOL_1_1) ?? [];
    expect(streams).toHaveLength(1);
  });

  it("lists an owner's names a page at a time, and leaves deleted names out", async () => {
    const node = await nodes.node({ maxListPageSize: 3 });
    const client = await nodes.client();
    const owner = newOwner();
    const names = ["e", "a", "c", "b", "g", "d", "f"];
    for (const name of names)
      await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { name }));
    const tombstone = await signed(owner, { name: "d", sequence: 2, deleted: true, value: new Uint8Array() });
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, tombstone);

    const pages: string[][] = [];
    let cursor: Uint8Array | undefined;
    do {
      const page = await listRecordNames(client, node.getMultiaddrs(), {
        owner: owner.address,
        cursor,
        pageSize: 50,
      });
      pages.push(page.entries.map((entry) => entry.name));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(pages).toEqual([
      ["a", "b", "c"],
      ["e", "f", "g"],
    ]);
    const deleted = await getRecord(client, node.getMultiaddrs(), TEST_DOMAIN, {
      owner: owner.address,
      name: "d",
    });
    expect(deleted).toMatchObject({ deleted: true, sequence: 2 });
    expect(node.services.records.status()).toMatchObject({ records: 6, tombstones: 1 });
  });

  it("refuses a record whose signature does not recover to its owner", async () => {
    const node = await nodes.node();
    const client = await nodes.client();
    const record = await signed(newOwner());
    const altered: SignedRecord = { ...record, value: encoder.encode("HELLO") };
    await expectRejectsNamed(rawPut(client, node, altered), "RecordBadSignatureError");
    const impostor: SignedRecord = { ...record, owner: newOwner().address };
    await expectRejectsNamed(rawPut(client, node, impostor), "RecordBadSignatureError");
    expect(node.services.records.status()).toMatchObject({ records: 0, refusals: { bad_signature: 2 } });
  });

  it("refuses a record signed for another registry or another chain", async () => {
    const node = await nodes.node();
    const client = await nodes.client();
    const owner = newOwner();
    const otherRegistry = await signed(owner, {}, { ...TEST_DOMAIN, registry: newOwner().address });
    await expectRejectsNamed(rawPut(client, node, otherRegistry), "RecordBadSignatureError");
    const otherChain = await signed(owner, {}, { ...TEST_DOMAIN, chainId: 1n });
    await expectRejectsNamed(rawPut(client, node, otherChain), "RecordBadSignatureError");
    expect(node.services.records.status().records).toBe(0);
  });

  it("refuses a replayed older sequence as stale, a deleted name's old record included", async () => {
    const node = await nodes.node();
    const client = await nodes.client();
    const owner = newOwner();
    const first = await signed(owner, { sequence: 1 });
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, first);
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { sequence: 2 }));
    await expectRejectsNamed(
      putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, first),
      "RecordStaleSequenceError",
    );
    const tombstone = await signed(owner, { sequence: 3, deleted: true, value: new Uint8Array() });
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, tombstone);
    await expectRejectsNamed(
      putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, first),
      "RecordStaleSequenceError",
    );
  });

  it("refuses too long a name, too large a value and too large a frame, naming the limit", async () => {
    const node = await nodes.node({ maxNameBytes: 16, maxValueBytes: 100 });
    const client = await nodes.client();
    const owner = newOwner();
    const longName = await signed(owner, { name: "n".repeat(17) });
    const named = await expectRefused(
      putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, longName),
      "RecordTooLargeError",
    );
    expect(named.limit).toBe("name");
    const bigValue = await signed(owner, { value: new Uint8Array(101) });
    const valued = await expectRefused(
      putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, bigValue),
      "RecordTooLargeError",
    );
    expect(valued.limit).toBe("value");
    const huge = { ...(await signed(owner)), value: new Uint8Array(8_192) };
    const framed = await expectRefused(rawPut(client, node, huge), "RecordTooLargeError");
    expect(framed.limit).toBe("frame");
    expect(node.services.records.status().refusals).toMatchObject({ name: 1, value: 1, frame: 1 });
  });

  it("refuses an expired record and one that expires further ahead than the node keeps records", async () => {
    const node = await nodes.node({ maxLifetimeSeconds: 3_600 });
    const client = await nodes.client();
    const owner = newOwner();
    const expired = await signed(owner, { expires: nowSeconds() - 1 });
    await expectRejectsNamed(rawPut(client, node, expired), "RecordExpiredError");
    const tooFar = await signed(owner, { expires: nowSeconds() + 7_200 });
    await expectRejectsNamed(
      putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, tooFar),
      "RecordExpiredError",
    );
  });

  it("refuses an owner's records beyond its quota, and the node's beyond its capacity", async () => {
    const node = await nodes.node({ maxRecordsPerOwner: 2 });
    const client = await nodes.client();
    const owner = newOwner();
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { name: "a" }));
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { name: "b" }));
    const third = await signed(owner, { name: "c" });
    const quota = await expectRefused(
      putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, third),
      "RecordQuotaExceededError",
    );
    expect(quota.limit).toBe("records");

    const small = await nodes.node({ maxStoreBytes: 300 });
    await putRecord(
      client,
      small.getMultiaddrs(),
      TEST_DOMAIN,
      await signed(newOwner(), { value: new Uint8Array(100) }),
    );
    const full = await expectRefused(
      putRecord(
        client,
        small.getMultiaddrs(),
        TEST_DOMAIN,
        await signed(newOwner(), { value: new Uint8Array(100) }),
      ),
      "RecordQuotaExceededError",
    );
    expect(full.limit).toBe("capacity");
    expect(small.services.records.status()).toMatchObject({ capacityBytes: 300, freeBytes: 300 - 235 });
  });

  it("rate-limits a peer's puts with a retry time while other peers are served", async () => {
    const node = await nodes.node({ putBurstPerPeer: 3, putsPerSecondPerPeer: 0.5 });
    const greedy = await nodes.client();
    const other = await nodes.client();
    for (let i = 0; i < 3; i++) {
      await putRecord(greedy, node.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner()));
    }
    const limited = await expectRefused(
      putRecord(greedy, node.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner())),
      "RecordsRateLimitedError",
    );
    expect(limited.limit).toBe("puts");
    expect(limited.retryAfterMs).toBeGreaterThan(1_000);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(2_000);
    expect(await putRecord(other, node.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner()))).toEqual({
      duplicate: false,
    });
    console.log(
      `records rate limit: 4th put refused (puts), retry after ${String(limited.retryAfterMs)} ms; another peer served`,
    );
  });

  it("rate-limits an owner's puts whichever peers send them, and only for records the owner signed", async () => {
    const node = await nodes.node({ putBurstPerOwner: 2, putsPerSecondPerOwner: 0.1 });
    const [one, two, three] = [await nodes.client(), await nodes.client(), await nodes.client()];
    const owner = newOwner();
    await putRecord(one, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { name: "a" }));
    // Forged records in the owner's name are refused before they touch its allowance.
    const forged = { ...(await signed(newOwner())), owner: owner.address };
    await expectRejectsNamed(rawPut(three, node, forged), "RecordBadSignatureError");
    await putRecord(two, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { name: "b" }));
    const limited = await expectRefused(
      putRecord(three, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { name: "c" })),
      "RecordsRateLimitedError",
    );
    expect(limited.limit).toBe("owner-puts");
    expect(limited.retryAfterMs).toBeGreaterThan(0);
  });

  it("rate-limits puts per network address, all its peer ids together, unless the network is exempt", async () => {
    const node = await nodes.node({
      putBurstPerAddress: 2,
      putsPerSecondPerAddress: 0.1,
      addressLimitExempt: [],
    });
    const [one, two, three] = [await nodes.client(), await nodes.client(), await nodes.client()];
    await putRecord(one, node.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner()));
    await putRecord(two, node.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner()));
    const limited = await expectRefused(
      putRecord(three, node.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner())),
      "RecordsRateLimitedError",
    );
    expect(limited.limit).toBe("address-puts");
    const exempt = await nodes.node({ putBurstPerAddress: 2, putsPerSecondPerAddress: 0.1 });
    for (const client of [one, two, three]) {
      await putRecord(client, exempt.getMultiaddrs(), TEST_DOMAIN, await signed(newOwner()));
    }
    expect(exempt.services.records.status().records).toBe(3);
  });

  it("rate-limits a peer's reads", async () => {
    const node = await nodes.node({ readBurstPerPeer: 2, readsPerSecondPerPeer: 0.5 });
    const client = await nodes.client();
    const key = { owner: newOwner().address, name: "x" };
    await getRecord(client, node.getMultiaddrs(), TEST_DOMAIN, key);
    await listRecordNames(client, node.getMultiaddrs(), { owner: key.owner });
    const limited = await expectRefused(
      getRecord(client, node.getMultiaddrs(), TEST_DOMAIN, key),
      "RecordsRateLimitedError",
    );
    expect(limited.limit).toBe("reads");
  });

  it("refuses a cursor that is not a name, a malformed owner and an empty request", async () => {
    const node = await nodes.node();
    const client = await nodes.client();
    const owner = newOwner().address;
    for (const cursor of [
      new Uint8Array([0xff, 0xfe]),
      encoder.encode("../etc"),
      new Uint8Array(65).fill(0x61),
    ]) {
      await expectRejectsNamed(
        listRecordNames(client, node.getMultiaddrs(), { owner, cursor }),
        "RecordsInvalidQueryError",
      );
    }
    const badOwner = { get: { owner: new Uint8Array(19), name: "x" } };
    await expectRejectsNamed(rawRequest(client, node, "get", badOwner), "RecordsInvalidQueryError");
    await expectRejectsNamed(rawRequest(client, node, "get", {}), "RecordsUnsupportedVersionError");
    // A list with a valid cursor the node never issued is still answered: it is only a position.
    const page = await listRecordNames(client, node.getMultiaddrs(), { owner, cursor: encoder.encode("m") });
    expect(page).toEqual({ entries: [], cursor: undefined });
  });

  it("answers a peer that sends no frame in time with a timeout, and serves others meanwhile", async () => {
    const node = await nodes.node({ requestTimeoutMs: 300 });
    const client = await nodes.client();
    const stream = await client.dialProtocol(node.getMultiaddrs(), "/waymark/records/1.0.0");
    const owner = newOwner();
    await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, await signed(owner));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(node.services.records.status().errorsByCode).toMatchObject({ TIMEOUT: 1 });
    stream.abort(new Error("done"));
  });

  it("keeps the records it acknowledged when a node restarts on the same file", async () => {
    const path = join(await dirs.make(), "records.sqlite");
    const first = await nodes.node({ path });
    const client = await nodes.client();
    const owner = newOwner();
    await putRecord(client, first.getMultiaddrs(), TEST_DOMAIN, await signed(owner, { sequence: 4 }));
    await first.stop();
    const second = await nodes.node({ path });
    const key = { owner: owner.address, name: "profile" };
    expect((await getRecord(client, second.getMultiaddrs(), TEST_DOMAIN, key))?.sequence).toBe(4);
    expect(second.services.records.status().records).toBe(1);
  });

  it("measures puts per second from one client and the cost of verifying a record", async () => {
    const node = await nodes.node({ putBurstPerPeer: 10_000, putsPerSecondPerPeer: 10_000 });
    const client = await nodes.client();
    const records = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => signed(newOwner(), { name: `n${i}` })),
    );
    const verifyStart = performance.now();
    for (const record of records) verifyRecord(TEST_DOMAIN, record);
    const verifyMs = (performance.now() - verifyStart) / records.length;
    const start = performance.now();
    for (const record of records) await putRecord(client, node.getMultiaddrs(), TEST_DOMAIN, record);
    const seconds = (performance.now() - start) / 1000;
    expect(node.services.records.status().records).toBe(records.length);
    console.log(
      `records: ${records.length} sequential puts in ${seconds.toFixed(2)} s (${Math.round(records.length / seconds)} puts/s, each verified on both sides and fsynced); verifyRecord ${verifyMs.toFixed(2)} ms per record`,
    );
  });
});
