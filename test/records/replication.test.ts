import { afterEach, describe, expect, it } from "vitest";

import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import type { SignedRecord } from "../../client/records/protocol/record.js";
import { recordToWire } from "../../client/records/protocol/record.js";
import { putRecord } from "../../client/records/protocol/requests.js";
import { replicateRecords } from "../../node/records/sync/syncClient.js";
import { waitFor } from "../../scripts/kit/wait.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useWorld } from "../helpers/hooks.js";
import { newOwner, signed } from "./helpers.js";
import type { RecordsHost } from "./nodes.js";
import { RecordsNodes } from "./nodes.js";
import {
  FORWARDING_ONLY,
  RECORDS_TEST_PROVIDERS,
  Replicas,
  connectAll,
  fieldsOf,
  knowPeers,
} from "./replicas.js";

describe("replication between registered records servers", () => {
  const world = useWorld({ providers: RECORDS_TEST_PROVIDERS });
  const nodes = new RecordsNodes();
  const replicas = new Replicas(() => world.current, nodes);
  afterEach(async () => {
    await nodes.cleanup();
  });

  it("makes a record put on one server readable on each of the others (servers of two providers)", async () => {
    const [a, b, c] = [
      await replicas.node(await replicas.registeredKey(1n)),
      await replicas.node(await replicas.registeredKey(2n)),
      await replicas.node(await replicas.registeredKey(1n)),
    ];
    await connectAll([a, b, c]);
    await knowPeers([a, b, c], 2);
    const client = await nodes.client();
    const lags: number[] = [];

    for (const [index, origin] of [a, b, c].entries()) {
      const owner = newOwner();
      const key = { owner: owner.address, name: "mail/key" };
      const record = await signed(owner, { name: "mail/key", sequence: index + 1 }, replicas.domain);
      await putRecord(client, origin.getMultiaddrs(), replicas.domain, record);
      const put = Date.now();
      for (const other of [a, b, c].filter((node) => node !== origin)) {
        await waitFor(async () => (await replicas.held(client, other, key)) !== undefined);
        lags.push(Date.now() - put);
        expect(await replicas.held(client, other, key)).toEqual(fieldsOf(record));
      }
    }
    for (const node of [a, b, c]) {
      expect(node.services.records.status()).toMatchObject({
        records: 3,
        storedBySource: { put: 1, replication: 2, sync: 0 },
        replication: { forwarded: 2, dropped: 0, peers: 2 },
      });
    }
    console.log(
      `records replication of a put to the other servers: ${lags.map((ms) => `${ms} ms`).join(", ")} (max ${Math.max(...lags)} ms)`,
    );
  });

  it("catches a server up with what it missed while down before it is ready", async () => {
    const keyC = await replicas.registeredKey(2n);
    const dirC = await nodes.dir();
    const [a, b] = [
      await replicas.node(await replicas.registeredKey(1n)),
      await replicas.node(await replicas.registeredKey(2n)),
    ];
    let c = await replicas.node(keyC, FORWARDING_ONLY, dirC);
    await connectAll([a, b, c]);
    await knowPeers([a, b, c], 2);
    const client = await nodes.client();
    const early = newOwner();
    await putRecord(client, a.getMultiaddrs(), replicas.domain, await signed(early, {}, replicas.domain));
    await waitFor(() => c.services.records.status().records === 1);

    await c.stop();
    const owners = Array.from({ length: 20 }, () => newOwner());
    for (const [i, owner] of owners.entries()) {
      const record = await signed(owner, {}, replicas.domain);
      await putRecord(client, (i % 2 === 0 ? a : b).getMultiaddrs(), replicas.domain, record);
    }
    // What c held is deleted meanwhile: the tombstone must reach it too.
    const tombstone = await signed(
      early,
      { sequence: 2, deleted: true, value: new Uint8Array(0) },
      replicas.domain,
    );
    await putRecord(client, b.getMultiaddrs(), replicas.domain, tombstone);
    await waitFor(() =>
      [a, b].every((node) => {
        const status = node.services.records.status();
        return status.records === 20 && status.tombstones === 1;
      }),
    );

    const restarted = Date.now();
    c = await replicas.node(keyC, { ...FORWARDING_ONLY, catchUpWaitMs: 10_000 }, dirC);
    await connectAll([c, a, b]);
    await c.services.records.ready();
    const caughtUp = Date.now() - restarted;
    const status = c.services.records.status();
    expect(status.catchUp).toMatchObject({ state: "done", error: undefined });
    expect(status).toMatchObject({
      ready: true,
      records: 20,
      tombstones: 1,
      catchUp: { state: "done", pulled: 21 },
    });
    for (const owner of owners) {
      expect(await replicas.held(client, c, { owner: owner.address, name: "profile" })).toBeDefined();
    }
    expect(await replicas.held(client, c, { owner: early.address, name: "profile" })).toEqual(
      fieldsOf(tombstone),
    );
    console.log(
      `records catch-up: a server down during 20 puts and a deletion held all of them ${caughtUp} ms after its restart, before it was ready`,
    );
  });

  it("keeps the highest sequence whatever the order records arrive in, tombstones included", async () => {
    const unconnected = { ...FORWARDING_ONLY };
    const a = await replicas.node(await replicas.registeredKey(1n), unconnected);
    const b = await replicas.node(await replicas.registeredKey(2n), unconnected);
    const client = await nodes.client();
    const owner = newOwner();
    const put = async (node: RecordsHost, record: SignedRecord): Promise<void> => {
      await putRecord(client, node.getMultiaddrs(), replicas.domain, record);
    };
    const text = (value: string): Uint8Array => new TextEncoder().encode(value);
    const sign = async (name: string, sequence: number, value: string, deleted = false) =>
      signed(
        owner,
        { name, sequence, value: deleted ? new Uint8Array(0) : text(value), deleted },
        replicas.domain,
      );
    // Apart, each server takes different versions of the same names.
    const newerOnA = await sign("newer-on-a", 2, "a2");
    await put(a, newerOnA);
    await put(b, await sign("newer-on-a", 1, "b1"));
    await put(a, await sign("deleted-on-b", 1, "a1"));
    const deletedOnB = await sign("deleted-on-b", 3, "", true);
    await put(b, deletedOnB);
    // The owner signed two different records at one sequence: the larger signature wins everywhere.
    const [tieA, tieB] = [await sign("tie", 5, "left"), await sign("tie", 5, "right")];
    await put(a, tieA);
    await put(b, tieB);
    const tieWinner = Buffer.compare(tieA.signature, tieB.signature) > 0 ? tieA : tieB;

    await connectAll([a, b]);
    await knowPeers([a, b], 1);
    const pulledByA = await a.services.records.antiEntropy();
    const pulledByB = await b.services.records.antiEntropy();
    for (const node of [a, b]) {
      expect(await replicas.held(client, node, { owner: owner.address, name: "newer-on-a" })).toEqual(
        fieldsOf(newerOnA),
      );
      expect(await replicas.held(client, node, { owner: owner.address, name: "deleted-on-b" })).toEqual(
        fieldsOf(deletedOnB),
      );
      expect(await replicas.held(client, node, { owner: owner.address, name: "tie" })).toEqual(
        fieldsOf(tieWinner),
      );
    }
    expect((pulledByA?.pulled ?? 0) + (pulledByB?.pulled ?? 0)).toBe(3);

    // Forwarded the other way round: a tombstone put on a replaces the record on b.
    const deleted = await sign("newer-on-a", 4, "", true);
    await put(a, deleted);
    await waitFor(
      async () =>
        (await replicas.held(client, b, { owner: owner.address, name: "newer-on-a" }))?.deleted === true,
    );
    // A second anti-entropy round finds nothing to pull: the digests agree.
    expect(await b.services.records.antiEntropy()).toMatchObject({ pulled: 0, differingBuckets: 0 });
  });

  it("neither accepts nor serves expired records", async () => {
    const a = await replicas.node(await replicas.registeredKey(1n));
    const b = await replicas.node(await replicas.registeredKey(2n));
    const peer = await nodes.client(await replicas.registeredKey(2n));
    const client = await nodes.client();
    const seconds = Math.floor(Date.now() / 1000);
    const expired = await signed(newOwner(), { expires: seconds - 1 }, replicas.domain);
    const answer = await replicateRecords(peer, a.getMultiaddrs(), [recordToWire(expired)]);
    expect(answer).toEqual({ stored: 0, duplicates: 0, rejected: 1 });
    expect(a.services.records.status().replication.refused).toEqual({ expired: 1 });

    // Held while a and b are apart, it expires before they reconcile.
    const owner = newOwner();
    const shortLived = await signed(owner, { expires: seconds + 2 }, replicas.domain);
    await putRecord(client, a.getMultiaddrs(), replicas.domain, shortLived);
    await waitFor(() => Math.floor(Date.now() / 1000) >= shortLived.expires, 5_000);
    await connectAll([a, b]);
    await knowPeers([b], 1);
    expect(await b.services.records.antiEntropy()).toMatchObject({ pulled: 0, differingBuckets: 0 });
    expect(await replicas.held(client, b, { owner: owner.address, name: "profile" })).toBeUndefined();
  });

  it("refuses the node-to-node protocol to servers the registry does not admit for records/1", async () => {
    const node = await replicas.node(await replicas.registeredKey(1n));
    const owner = newOwner();
    const record = recordToWire(await signed(owner, {}, replicas.domain));
    const unregistered = await nodes.client();
    const mailServer = await nodes.client(await replicas.registeredKey(1n, MAIL_SERVICE));
    for (const peer of [unregistered, mailServer]) {
      await expectRejectsNamed(
        replicateRecords(peer, node.getMultiaddrs(), [record]),
        "RecordsUnauthorizedError",
      );
    }
    const status = node.services.records.status();
    expect(status).toMatchObject({ records: 0, replication: { peers: 0, refusedPeers: 2, received: 0 } });
    expect(status.replication.syncErrorsByCode).toMatchObject({ UNAUTHORIZED: 2 });
  });
});
