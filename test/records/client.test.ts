import { peerIdFromString } from "@libp2p/peer-id";
import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";

import { createRecordsClient } from "../../client/clients/createRecordsClient.js";
import type { WaymarkRecordsClient } from "../../client/clients/createRecordsClient.js";
import { createWaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { MAIL_KEY_RECORD, publishMailKey } from "../../client/clients/mailKeyRecord.js";
import { generateMailKeyPair } from "../../client/mail/encryption.js";
import { putRecord } from "../../client/records/protocol/requests.js";
import { signRecord } from "../../client/records/protocol/record.js";
import type { WaymarkNode } from "../../node/daemon.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "../node/helpers/fixtures.js";
import { recordsHeldBy, registeredNodes } from "./registeredNodes.js";
import { waitFor } from "../../scripts/kit/wait.js";

const TRUST = { providers: [1n, 2n] };

describe("records client against records/1 nodes of two providers", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-records-client-");
  const running = useProcesses();

  const start = registeredNodes(world, dirs, running);

  async function client(nodes: WaymarkNode[]): Promise<WaymarkRecordsClient> {
    const made = await createRecordsClient({
      rpcUrl: world.current.chain.rpcUrl,
      registry: world.current.address,
      trust: TRUST,
      bootstrap: nodes.map((node) => node.libp2p.getMultiaddrs()[0]!.toString()),
      watchRegistry: false,
    });
    running.add(made);
    return made;
  }

  const addrs = (node: WaymarkNode) => node.libp2p.getMultiaddrs();

  it("reads ask two servers and keep the highest valid sequence when the servers disagree", async () => {
    // Two servers that do not replicate with each other (each replicates with its own provider only).
    const a = await start("records/1", 1n, [], { replicateWith: "1" });
    const b = await start("records/1", 2n, addrs(a).map(String), { replicateWith: "2" });
    await Promise.all([a.waitForAnnouncement(), b.waitForAnnouncement()]);
    const records = await client([a, b]);
    const owner = Wallet.createRandom();

    // Each server holds a different sequence (written past the client): the read asks both and
    // keeps the newer, whichever the selected server is.
    const domain = { chainId: 31337n, registry: world.current.address };
    const expires = Math.floor(Date.now() / 1000) + 3_600;
    const version = async (sequence: number) =>
      signRecord(owner, domain, {
        name: "split",
        value: new Uint8Array([sequence]),
        sequence,
        expires,
        deleted: false,
      });
    await putRecord(records.host, addrs(a), domain, await version(5));
    await putRecord(records.host, addrs(b), domain, await version(6));
    for (let i = 0; i < 4; i++) {
      const split = await records.records.get({ owner: owner.address, name: "split" });
      expect(split.servers).toHaveLength(2);
      expect(split.record?.sequence).toBe(6);
      await records.select({ reselect: true });
    }
    const one = await records.records.get({ owner: owner.address, name: "split", servers: 1 });
    expect(one.servers).toHaveLength(1);

    // A lower sequence than every server holds is the request's fault: typed, and not failed over.
    await expectRejectsNamed(
      records.records.put({ signer: owner, name: "split", value: "old", sequence: 4 }),
      "RecordStaleSequenceError",
    );
  });

  it("puts, lists and deletes through any server once the servers have replicated", async () => {
    const a = await start("records/1", 1n);
    const b = await start("records/1", 2n, addrs(a).map(String));
    await Promise.all([a.waitForAnnouncement(), b.waitForAnnouncement()]);
    const records = await client([a, b]);
    const owner = Wallet.createRandom();

    const stored = await records.records.put({ signer: owner, name: "profile", value: "v1" });
    expect(stored.duplicate).toBe(false);
    await waitFor(() => [a, b].every((node) => recordsHeldBy(node).records === 1), 10_000);
    const read = await records.records.get({ owner: owner.address, name: "profile" });
    expect(new TextDecoder().decode(read.record!.value)).toBe("v1");
    expect(read.servers).toHaveLength(2);

    await records.records.put({ signer: owner, name: "avatar", value: "v1" });
    await waitFor(() => [a, b].every((node) => recordsHeldBy(node).records === 2), 10_000);
    const names: string[] = [];
    for await (const page of records.records.list({ owner: owner.address, pageSize: 1 })) {
      expect(page.entries.length).toBeLessThanOrEqual(1);
      names.push(...page.entries.map((entry) => entry.name));
    }
    expect(names).toEqual(["avatar", "profile"]);

    const tombstone = await records.records.delete({ signer: owner, name: "profile" });
    expect(tombstone.record.deleted).toBe(true);
    expect(tombstone.record.sequence).toBeGreaterThan(stored.record.sequence);
    await waitFor(() => [a, b].every((node) => recordsHeldBy(node).tombstones === 1), 10_000);
    const gone = await records.records.get({ owner: owner.address, name: "profile" });
    expect(gone.record).toBeUndefined();
    const shown = await records.records.get({ owner: owner.address, name: "profile", includeDeleted: true });
    expect(shown.record?.deleted).toBe(true);
  });

  it("sends mail to an address through its published mail key, and fails over when a records server goes", async () => {
    const mail = await start("mail/1", 1n);
    const a = await start("records/1", 1n, addrs(mail).map(String));
    const b = await start("records/1", 2n, addrs(mail).map(String));
    await Promise.all([mail, a, b].map(async (node) => node.waitForAnnouncement()));
    const alice = await createWaymarkClient({
      rpcUrl: world.current.chain.rpcUrl,
      registry: world.current.address,
      trust: TRUST,
      bootstrap: [mail, a, b].map((node) => addrs(node)[0]!.toString()),
      watchRegistry: false,
    });
    running.add(alice);
    const bob = Wallet.createRandom();
    const bobMail = generateMailKeyPair();

    await expectRejectsNamed(
      alice.send("/inbox/bob", "too early", { encryptTo: bob.address }),
      "MailKeyNotPublishedError",
    );
    const published = await publishMailKey(await alice.recordsClient(), {
      signer: bob,
      publicKey: bobMail.publicKey,
    });
    expect(published.record.name).toBe(MAIL_KEY_RECORD);
    // Both records servers hold it (replication is not what this test checks).
    const other = published.server.peerId === a.peerId.toString() ? b : a;
    await putRecord(
      alice.host,
      addrs(other),
      { chainId: 31337n, registry: world.current.address },
      published.record,
    );

    const sent = await alice.send("/inbox/bob", "hello bob", { encryptTo: bob.address });
    expect(sent.encrypted).toBe(true);
    const pages = [];
    for await (const page of alice.history({ topics: ["/inbox/bob"], decryptWith: bobMail.privateKey }))
      pages.push(...page.messages);
    expect(pages.map((m) => m.text)).toEqual(["hello bob"]);

    // One records server stops: the lookup fails over to the other.
    const stopped = published.server.peerId === a.peerId.toString() ? a : b;
    await stopped.stop();
    const again = await alice.send("/inbox/bob", "still reachable", { encryptTo: bob.address });
    expect(again.encrypted).toBe(true);
    const { record } = await alice.records.get({ owner: bob.address, name: MAIL_KEY_RECORD });
    expect(Uint8Array.from(record!.value)).toEqual(bobMail.publicKey);
    expect(peerIdFromString(again.server.peerId).equals(mail.peerId)).toBe(true);
  });

  it("never uses a records server of a provider the user does not trust", async () => {
    const trusted = await start("records/1", 1n);
    const untrusted = await start("records/1", 2n, addrs(trusted).map(String));
    await Promise.all([trusted.waitForAnnouncement(), untrusted.waitForAnnouncement()]);
    const records = await createRecordsClient({
      rpcUrl: world.current.chain.rpcUrl,
      registry: world.current.address,
      trust: { providers: [1n] },
      bootstrap: [addrs(trusted)[0]!.toString(), addrs(untrusted)[0]!.toString()],
      watchRegistry: false,
    });
    running.add(records);
    const verified = await records.verify(await records.discover());
    expect(verified.find((c) => c.peerId === untrusted.peerId.toString())).toMatchObject({
      trusted: false,
      verdict: "ProviderNotTrusted",
    });

    const owner = Wallet.createRandom();
    const used = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { server } = await records.records.put({ signer: owner, name: `n${i}`, value: "x" });
      const { servers } = await records.records.get({ owner: owner.address, name: `n${i}` });
      for (const s of [server, ...servers]) used.add(s.peerId);
      await records.select({ reselect: true });
    }
    expect([...used]).toEqual([trusted.peerId.toString()]);
  });
});
