import { multiaddr } from "@multiformats/multiaddr";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { MAIL_DEFAULTS } from "../../client/mail/protocol/constants.js";
import { queryHistoryPages } from "../../client/mail/protocol/queryHistory.js";
import { MAIL_SERVICE_DEFAULTS } from "../../node/mail/constants.js";
import { TestNetwork } from "../client/network.js";

describe("sendMany: an outbox flush", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  async function heldBy(address: string, topic: string, reader: Parameters<typeof queryHistoryPages>[0]) {
    const ids: string[] = [];
    for await (const page of queryHistoryPages(reader, multiaddr(address), {
      topics: [topic],
      pageSize: 100,
    })) {
      ids.push(...page.envelopes.map((envelope) => envelopeIdHex(envelope.id)));
    }
    return ids;
  }

  it("sends in pushes of several, fails over what a server refuses for itself, and not what is wrong", async () => {
    const provider = await network.addProvider();
    // Two mail servers with the default limits: a peer's push bucket holds 40.
    for (let i = 0; i < 2; i++) await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();
    const failed: string[] = [];
    client.addEventListener("server:failed", (event) => failed.push(event.detail.server.peerId));

    const count = MAIL_DEFAULTS.maxPushEnvelopes + 6;
    const start = Date.now() - 10_000;
    const messages = Array.from({ length: count }, (_, i) => ({
      topic: "/outbox",
      payload: `message ${i}`,
      timestamp: start + i,
    }));
    // One message breaks a rule: it is refused alone, before anything is sent.
    messages.splice(10, 0, { topic: "", payload: "no topic", timestamp: start });
    const results = await client.sendMany(messages);

    expect(results).toHaveLength(count + 1);
    expect(results[10]).toMatchObject({ id: "", error: { name: "MailInvalidEnvelopeError" } });
    const sent = results.filter((result) => result.error === undefined);
    expect(sent).toHaveLength(count);
    // The first push of 64 overdraws the selected server's bucket (40): the envelopes it refused
    // as rate limited went to the other server, which then took the rest.
    const servers = new Map<string, string[]>();
    for (const result of sent) {
      const ids = servers.get(result.server.peerId) ?? [];
      ids.push(result.id);
      servers.set(result.server.peerId, ids);
    }
    expect(servers.size).toBe(2);
    expect(failed).toHaveLength(1);
    const first = servers.get(failed[0]!)!;
    expect(first).toHaveLength(MAIL_SERVICE_DEFAULTS.pushBurst);
    // Each server holds exactly what it acknowledged.
    for (const [peerId, ids] of servers) {
      const node = network.nodes.find((n) => n.peerId === peerId)!;
      expect((await heldBy(node.multiaddr, "/outbox", client.host)).sort()).toEqual([...ids].sort());
    }
  });

  it("sends through another node when the selected node stops", async () => {
    const provider = await network.addProvider();
    for (let i = 0; i < 2; i++) await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();
    const [before] = await client.sendMany([{ topic: "/outbox/stop", payload: "before" }]);
    await network.nodes.find((n) => n.peerId === before!.server!.peerId)!.host.stop();

    const after = await client.sendMany([
      { topic: "/outbox/stop", payload: "after 1" },
      { topic: "/outbox/stop", payload: "after 2" },
    ]);
    expect(after.map((result) => result.error)).toEqual([undefined, undefined]);
    expect(new Set(after.map((result) => result.server?.peerId))).toEqual(
      new Set(network.nodes.filter((n) => n.peerId !== before!.server!.peerId).map((n) => n.peerId)),
    );
  });
});
