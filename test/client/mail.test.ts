import { multiaddr } from "@multiformats/multiaddr";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { generateMailKeyPair } from "../../client/mail/encryption.js";
import type { MailMessage } from "../../client/mail/history.js";
import { pushEnvelope } from "../../client/mail/protocol/index.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TestNetwork } from "./network.js";

const decoder = new TextDecoder();

describe("mail API", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("sends messages and reads them back as pages of history", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();

    const start = Date.now() - 1_000;
    for (let i = 0; i < 5; i++) {
      const sent = await client.send("/chat/room-1", `message ${i}`, { timestamp: start + i });
      expect(sent.id).toMatch(/^[0-9a-f]{64}$/);
      expect(sent.server.providerId).toBe(provider);
    }
    await client.send("/chat/room-2", "elsewhere");

    const pages: MailMessage[][] = [];
    for await (const page of client.history({ topics: ["/chat/room-1"], pageSize: 2 }))
      pages.push(page.messages);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((m) => decoder.decode(m.payload))).toEqual(
      [0, 1, 2, 3, 4].map((i) => `message ${i}`),
    );

    const backward: string[] = [];
    for await (const page of client.history({
      topics: ["/chat/room-1"],
      from: start + 1,
      to: start + 3,
      direction: "backward",
    })) {
      backward.push(...page.messages.map((m) => decoder.decode(m.payload)));
    }
    expect(backward).toEqual(["message 3", "message 2", "message 1"]);
  });

  it("encrypts payloads end to end, so the server holds only ciphertext", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();
    const bob = generateMailKeyPair();
    const eve = generateMailKeyPair();

    const sent = await client.send("/dm/bob", "meet at noon", { encryptTo: bob.publicKey });
    expect(sent.encrypted).toBe(true);

    const read = async (key?: Uint8Array): Promise<MailMessage> => {
      for await (const page of client.history({ topics: ["/dm/bob"], decryptWith: key }))
        return page.messages[0]!;
      throw new Error("no history");
    };
    const stored = await read();
    expect(stored).toMatchObject({ encrypted: true, bound: true, plaintext: undefined, text: undefined });
    expect(Buffer.from(stored.payload).includes("meet at noon")).toBe(false);
    expect(await read(eve.privateKey)).toMatchObject({ plaintext: undefined, text: undefined });
    const opened = await read(bob.privateKey);
    expect(decoder.decode(opened.plaintext)).toBe("meet at noon");
    expect(opened.text).toBe("meet at noon");
  });

  it("gives every message its text, and opens the older unbound format too", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();
    const bob = generateMailKeyPair();
    const start = Date.now() - 1_000;
    await client.send("/dm/text", "hello", { timestamp: start });
    await client.send("/dm/text", "bound", { encryptTo: bob.publicKey, timestamp: start + 1, ttl: 60 });
    await client.send("/dm/text", "unbound", {
      encryptTo: bob.publicKey,
      timestamp: start + 2,
      sealVersion: 1,
    });
    await client.send("/dm/text", new Uint8Array([0xff, 0xfe]), { timestamp: start + 3 });

    const messages: MailMessage[] = [];
    for await (const page of client.history({ topics: ["/dm/text"], decryptWith: bob.privateKey }))
      messages.push(...page.messages);
    expect(messages.map((m) => [m.text, m.encrypted, m.bound])).toEqual([
      ["hello", false, false],
      ["bound", true, true],
      ["unbound", true, false],
      [undefined, false, false],
    ]);
  });

  it("sends through another node when the selected node stops", async () => {
    const provider = await network.addProvider();
    for (let i = 0; i < 3; i++) await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();
    const failed: string[] = [];
    client.addEventListener("server:failed", (event) => failed.push(event.detail.server.peerId));

    const first = await client.send("/chat/failover", "before");
    await network.nodes.find((n) => n.peerId === first.server.peerId)!.host.stop();

    const second = await client.send("/chat/failover", "after");
    expect(second.server.peerId).not.toBe(first.server.peerId);
    expect(failed).toEqual([first.server.peerId]);
    expect(client.current?.server.peerId).toBe(second.server.peerId);
  });

  it("continues history on another node when the serving node fails mid-way", async () => {
    const provider = await network.addProvider();
    const nodes = [
      await network.startNode({ providerId: provider, mail: true }),
      await network.startNode({ providerId: provider, mail: true }),
    ];
    const client = await network.createClient();
    // Every mail server holds the same messages; put them on both directly.
    const start = Date.now() - 1_000;
    for (const node of nodes) {
      for (let i = 0; i < 6; i++) {
        await pushEnvelope(client.host, multiaddr(node.multiaddr), {
          topic: "/chat/long",
          payload: new TextEncoder().encode(`m${i}`),
          timestamp: start + Math.floor(i / 2),
        });
      }
    }

    const seen: string[] = [];
    const servers = new Set<string>();
    for await (const page of client.history({ topics: ["/chat/long"], pageSize: 3 })) {
      seen.push(...page.messages.map((m) => decoder.decode(m.payload)));
      servers.add(page.server.peerId);
      if (servers.size === 1 && seen.length === 3) {
        await network.nodes.find((n) => n.peerId === page.server.peerId)!.host.stop();
      }
    }
    expect(servers.size).toBe(2);
    expect([...seen].sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
  });

  it("does not fail over a message the protocol forbids", async () => {
    const provider = await network.addProvider();
    await network.startNode({ providerId: provider, mail: true });
    const client = await network.createClient();
    const failed: string[] = [];
    client.addEventListener("server:failed", (event) => failed.push(event.detail.server.peerId));

    await expectRejectsNamed(client.send("", "no topic"), "MailInvalidEnvelopeError");
    await expectRejectsNamed(client.send("/t", new Uint8Array(70_000)), "MailTooLargeError");
    expect(failed).toEqual([]);
  });
});
