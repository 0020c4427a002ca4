import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../client/mail/protocol/queryHistory.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { MailServiceInit } from "../../node/mail/index.js";
import { replicateEnvelopes, requestDigest } from "../../node/mail/sync/syncClient.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useWorld } from "../helpers/hooks.js";
import type { MailHost } from "./helpers.js";
import { connectAll, Harness, MAIL_TEST_PROVIDER, payloadOf, waitFor } from "./helpers.js";

async function drain(events: AsyncIterable<unknown>): Promise<void> {
  for await (const event of events) expect(event).toBeDefined();
}

describe("replication between registered mail servers", () => {
  const harness = new Harness();
  const world = useWorld({ providers: [MAIL_TEST_PROVIDER] });
  afterEach(async () => {
    await harness.cleanup();
  });

  /** Forwarding only: anti-entropy would hide a forwarding bug. */
  const FORWARDING_ONLY: MailServiceInit = { antiEntropyIntervalMs: 3_600_000, catchUpWaitMs: 0 };

  async function registeredKey(): Promise<PrivateKey> {
    const key = await generateKeyPair("secp256k1");
    await world.current.registerNode(key, { providerId: 1n });
    return key;
  }

  async function registeredNode(
    init: MailServiceInit = FORWARDING_ONLY,
    key?: PrivateKey,
    dir?: string,
  ): Promise<MailHost> {
    return harness.mailNode(
      { checkPeers: world.current.check(), ...init },
      { privateKey: key ?? (await registeredKey()), ...(dir === undefined ? {} : { dir }) },
    );
  }

  async function ids(node: MailHost, topic: string): Promise<string[]> {
    const client = await harness.client();
    const found: string[] = [];
    for await (const page of queryHistoryPages(client, node.getMultiaddrs(), {
      topics: [topic],
      pageSize: 100,
    })) {
      found.push(...page.envelopes.map((envelope) => envelopeIdHex(envelope.id)));
    }
    return found.sort();
  }

  async function knowPeers(nodes: readonly MailHost[], count: number): Promise<void> {
    await waitFor(
      () => nodes.every((node) => node.services.mail.status().replication.peers === count),
      `every node to know ${count} registered mail servers`,
    );
  }

  function batch(topic: string, count: number, seed: number): MailEnvelope[] {
    return Array.from({ length: count }, (_, i) =>
      createEnvelope({ topic, payload: payloadOf(64, (seed + i) % 256), timestamp: Date.now() - 1_000 + i }),
    );
  }

  it("returns an envelope pushed to one mail server from each of the others", async () => {
    const nodes = [await registeredNode(), await registeredNode(), await registeredNode()];
    await connectAll(nodes);
    await knowPeers(nodes, 2);
    const client = await harness.client();

    for (const [index, origin] of nodes.entries()) {
      const envelope = createEnvelope({ topic: "/three", payload: payloadOf(32, index) });
      await pushEnvelope(client, origin.getMultiaddrs(), envelope);
      const id = envelopeIdHex(envelope.id);
      for (const other of nodes.filter((node) => node !== origin)) {
        await waitFor(async () => (await ids(other, "/three")).includes(id), "the envelope to replicate");
      }
    }
    for (const node of nodes) expect(await ids(node, "/three")).toHaveLength(3);
    expect(nodes[0]!.services.mail.status().replication.forwarded).toBe(2);
  });

  it("finds mail servers it never connected to through the DHT providers of the service key", async () => {
    const key = serviceKey({
      chainId: world.current.chainId,
      registry: world.current.address,
      service: "mail/1",
    });
    const init: MailServiceInit = { ...FORWARDING_ONLY, serviceKey: key, peerRefreshIntervalMs: 300 };
    const [a, b, c] = [await registeredNode(init), await registeredNode(init), await registeredNode(init)];
    await b.dial(a.getMultiaddrs());
    await c.dial(b.getMultiaddrs());
    for (const node of [a, b, c]) await drain(node.services.dht.provide(key));
    await knowPeers([a, b, c], 2);

    const envelope = createEnvelope({ topic: "/dht", payload: payloadOf(16) });
    await pushEnvelope(await harness.client(), a.getMultiaddrs(), envelope);
    await waitFor(async () => (await ids(c, "/dht")).length === 1, "c to receive the envelope from a");
  });

  it("forwards a burst of large envelopes in frames the other server accepts", async () => {
    const generous: MailServiceInit = { ...FORWARDING_ONLY, pushBurst: 1_000, bytesBurst: 100_000_000 };
    const [a, b] = [await registeredNode(generous), await registeredNode(generous)];
    await connectAll([a, b]);
    await knowPeers([a, b], 1);
    const client = await harness.client();
    const big = Array.from({ length: 80 }, (_, i) =>
      createEnvelope({ topic: "/big", payload: payloadOf(60_000, i), timestamp: Date.now() - 1_000 + i }),
    );
    for (let i = 0; i < big.length; i += 8) {
      await Promise.all(
        big.slice(i, i + 8).map(async (envelope) => pushEnvelope(client, a.getMultiaddrs(), envelope)),
      );
    }
    await waitFor(() => b.services.mail.status().messages === 80, "b to hold every large envelope");
    // b commits before a reads b's answer: wait for a to count the last batch too.
    await waitFor(() => a.services.mail.status().replication.queued === 0, "a to hear back from b");
    expect(a.services.mail.status().replication).toMatchObject({ forwarded: 80, dropped: 0 });
  });

  it("catches up after a restart with everything the others received meanwhile", async () => {
    const keyC = await registeredKey();
    const dirC = await harness.tempDir();
    const [a, b] = [await registeredNode(), await registeredNode()];
    let c = await registeredNode(FORWARDING_ONLY, keyC, dirC);
    await connectAll([a, b, c]);
    await knowPeers([a, b, c], 2);
    const client = await harness.client();
    const before = batch("/away", 5, 0);
    for (const envelope of before) await pushEnvelope(client, a.getMultiaddrs(), envelope);
    await waitFor(() => c.services.mail.status().messages === 5, "c to hold the first batch");

    await c.stop();
    const missed = [...batch("/away", 10, 50), ...batch("/away", 10, 100)];
    for (const [i, envelope] of missed.entries()) {
      await pushEnvelope(client, (i % 2 === 0 ? a : b).getMultiaddrs(), envelope);
    }
    await waitFor(
      () => a.services.mail.status().messages === 25 && b.services.mail.status().messages === 25,
      "a and b to hold every envelope",
    );

    c = await registeredNode({ ...FORWARDING_ONLY, catchUpWaitMs: 20_000 }, keyC, dirC);
    await c.dial(a.getMultiaddrs());
    await c.services.mail.ready();

    const status = c.services.mail.status();
    expect(status.catchUp.state).toBe("done");
    expect(status.catchUp.pulled).toBe(20);
    expect(status.ready).toBe(true);
    const expected = [...before, ...missed].map((envelope) => envelopeIdHex(envelope.id)).sort();
    expect(await ids(c, "/away")).toEqual(expected);
  });

  it("converges two partitioned mail servers by anti-entropy", async () => {
    const [a, b] = [await registeredNode(), await registeredNode()];
    const client = await harness.client();
    const onA = batch("/split", 30, 0);
    const onB = batch("/split", 20, 100);
    for (const envelope of onA) await pushEnvelope(client, a.getMultiaddrs(), envelope);
    for (const envelope of onB) await pushEnvelope(client, b.getMultiaddrs(), envelope);

    await connectAll([a, b]);
    await knowPeers([a, b], 1);
    expect((await a.services.mail.antiEntropy())?.pulled).toBe(20);
    expect((await b.services.mail.antiEntropy())?.pulled).toBe(30);
    expect((await a.services.mail.antiEntropy())?.pulled).toBe(0);

    const all = [...onA, ...onB].map((envelope) => envelopeIdHex(envelope.id)).sort();
    expect(await ids(a, "/split")).toEqual(all);
    expect(await ids(b, "/split")).toEqual(all);
  });

  it("refuses replication traffic from a peer that is not a registered mail server", async () => {
    const node = await registeredNode();
    const refused: string[] = [];
    node.services.mail.addEventListener("sync:refused", (event) =>
      refused.push(event.detail.peer.toString()),
    );
    const intruder = await harness.client(await generateKeyPair("secp256k1"));
    const envelope = createEnvelope({ topic: "/forged", payload: payloadOf(16) });

    await expectRejectsNamed(
      replicateEnvelopes(intruder, node.getMultiaddrs(), [envelope]),
      "MailUnauthorizedError",
    );
    await expectRejectsNamed(
      requestDigest(intruder, node.getMultiaddrs(), { from: 0, to: Date.now(), buckets: 4 }),
      "MailUnauthorizedError",
    );
    expect(await ids(node, "/forged")).toEqual([]);
    expect(refused).toEqual([intruder.peerId.toString(), intruder.peerId.toString()]);

    const peer = await registeredNode();
    const accepted = await replicateEnvelopes(peer, node.getMultiaddrs(), [envelope]);
    expect(accepted).toMatchObject({ stored: 1, duplicates: 0, rejected: 0 });
  });

  it("neither forwards to nor serves an unregistered mail server", async () => {
    const [a, b] = [await registeredNode(), await registeredNode()];
    const outsider = await harness.mailNode({
      checkPeers: world.current.check(),
      antiEntropyIntervalMs: 200,
      catchUpWaitMs: 0,
    });
    const refused = Promise.withResolvers<undefined>();
    for (const member of [a, b]) {
      member.services.mail.addEventListener("sync:refused", () => {
        refused.resolve(undefined);
      });
    }
    await connectAll([a, b, outsider]);
    await knowPeers([a, b], 1);

    const envelope = createEnvelope({ topic: "/members", payload: payloadOf(16) });
    await pushEnvelope(await harness.client(), a.getMultiaddrs(), envelope);
    await waitFor(async () => (await ids(b, "/members")).length === 1, "b to receive the envelope");
    await refused.promise;

    expect(await ids(outsider, "/members")).toEqual([]);
    expect(a.services.mail.status().replication.forwarded).toBe(1);
  });
});
