import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { auditServers } from "../../client/mail/audit/auditServers.js";
import type { AuditReport } from "../../client/mail/protocol/audit/report.js";
import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import type { MailServiceInit } from "../../node/mail/index.js";
import { resolveMailLimits } from "../../node/mail/options.js";
import { openSqliteStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { useWorld } from "../helpers/hooks.js";
import type { MailHost } from "./helpers.js";
import { droppingStore } from "./droppingStore.js";
import { connectAll, Harness, payloadOf, waitFor } from "./helpers.js";

/** Three providers, so that every audited server belongs to another one. */
const PROVIDERS = [1, 2, 3].map((n) => ({ name: `Mail ${n}`, metadataURI: `https://mail${n}.example` }));

/** Fast pushes from the test's client; anti-entropy only when the test asks for it. */
const NODE: MailServiceInit = {
  antiEntropyIntervalMs: 3_600_000,
  catchUpWaitMs: 0,
  pushesPerSecond: 10_000,
  pushBurst: 10_000,
  auditDigestsPerSecond: 1_000,
  auditDigestBurst: 1_000,
};

describe("completeness audits across providers", () => {
  const harness = new Harness();
  const world = useWorld({ providers: PROVIDERS });
  afterEach(async () => {
    await harness.cleanup();
  });

  async function registeredKey(providerId: bigint): Promise<PrivateKey> {
    const key = await generateKeyPair("secp256k1");
    await world.current.registerNode(key, { providerId });
    return key;
  }

  async function node(
    providerId: bigint,
    init: MailServiceInit = {},
    options: { key?: PrivateKey; dir?: string } = {},
  ): Promise<MailHost> {
    return harness.mailNode(
      { checkPeers: world.current.check(), ...NODE, ...init },
      {
        privateKey: options.key ?? (await registeredKey(providerId)),
        ...(options.dir === undefined ? {} : { dir: options.dir }),
      },
    );
  }

  async function knowPeers(nodes: readonly MailHost[], count: number): Promise<void> {
    await waitFor(
      () => nodes.every((n) => n.services.mail.status().replication.peers === count),
      `every node to know ${count} mail servers`,
    );
  }

  function burst(count: number, start: number): MailEnvelope[] {
    return Array.from({ length: count }, (_, i) =>
      createEnvelope({ topic: "/audit", payload: payloadOf(48, i % 256), timestamp: start + i * 7 }),
    );
  }

  async function pushAll(to: MailHost, envelopes: readonly MailEnvelope[]): Promise<void> {
    const client = await harness.client();
    for (const envelope of envelopes) await pushEnvelope(client, to.getMultiaddrs(), envelope);
  }

  async function audit(
    nodes: readonly MailHost[],
    from: number,
    to: number,
    tuning = {},
  ): Promise<AuditReport> {
    const client = await harness.client();
    return auditServers(
      client,
      nodes.map((n, index) => ({
        peerId: n.peerId.toString(),
        dial: n.getMultiaddrs(),
        providerId: String(index + 1),
      })),
      { range: { from, to }, ...tuning },
    );
  }

  const held = (n: MailHost): number => n.services.mail.status().messages;

  it("reports exactly the envelopes a server that drops a share of them lacks", async () => {
    const dropped = new Set<string>();
    const dir = await harness.tempDir();
    const dropper = await node(3n, {
      openStore: () =>
        droppingStore(
          openSqliteStore({
            path: join(dir, "mail.sqlite"),
            clock: Date.now,
            limits: resolveMailLimits(NODE),
          }),
          0.1,
          dropped,
        ),
    });
    const nodes = [await node(1n), await node(2n), dropper];
    await connectAll(nodes);
    await knowPeers(nodes, 2);
    const start = Date.now() - 60_000;
    const envelopes = burst(400, start);
    await pushAll(nodes[0]!, envelopes);
    await waitFor(
      () => held(nodes[1]!) === 400 && dropped.size + held(dropper) === 400,
      "the burst to reach every node",
    );

    const report = await audit(nodes, start - 1_000, start + 10_000, { buckets: 8, leafEnvelopes: 16 });
    const [a, b, c] = report.servers;
    console.log(
      `audit, 3 providers, 400 envelopes, one server dropping 10%: it lacks ${c!.lacking} (dropped ${dropped.size}); ` +
        `${report.requests} requests, ${report.bytes} bytes, ${report.listedIds} ids listed`,
    );
    expect(dropped.size).toBeGreaterThan(10);
    expect(c!.lacking).toBe(dropped.size);
    expect(new Set(c!.missing.map((m) => m.id))).toEqual(dropped);
    for (const m of c!.missing) {
      const envelope = envelopes.find((e) => envelopeIdHex(e.id) === m.id)!;
      expect(envelope.timestamp).toBeGreaterThanOrEqual(m.from);
      expect(envelope.timestamp).toBeLessThanOrEqual(m.to);
    }
    expect([a!.lacking, b!.lacking]).toEqual([0, 0]);
    expect([a!.held, b!.held, c!.held]).toEqual([400, 400, 400 - dropped.size]);
    expect(report.envelopes).toBe(400);
    expect(report.complete).toBe(false);
  });

  it("compares complete servers by digests alone, listing no id", async () => {
    const nodes = [await node(1n), await node(2n)];
    await connectAll(nodes);
    await knowPeers(nodes, 1);
    const start = Date.now() - 60_000;
    await pushAll(nodes[0]!, burst(200, start));
    await waitFor(() => held(nodes[1]!) === 200, "the burst to replicate");

    const report = await audit(nodes, start - 1_000, start + 10_000, { buckets: 8, leafEnvelopes: 16 });
    expect(report.complete).toBe(true);
    expect(report.listedIds).toBe(0);
    expect(report.requests).toBe(2);
    expect(report.servers.map((s) => s.held)).toEqual([200, 200]);
  });

  it("reports a server that was down during a burst as lacking it, then complete after catch-up", async () => {
    const key = await registeredKey(3n);
    const dir = await harness.tempDir();
    const late = await node(3n, {}, { key, dir });
    const nodes = [await node(1n), await node(2n)];
    await connectAll([...nodes, late]);
    await knowPeers([...nodes, late], 2);
    const start = Date.now() - 120_000;
    await pushAll(nodes[0]!, burst(50, start));
    await waitFor(() => held(late) === 50 && held(nodes[1]!) === 50, "the first burst to reach every node");

    await late.stop();
    await pushAll(nodes[0]!, burst(300, start + 1_000));
    await waitFor(() => held(nodes[1]!) === 350, "the second burst to replicate");
    // Back up, alone: its start-up catch-up finds no peer, so it still lacks the burst.
    const back = await node(3n, {}, { key, dir });
    const servers = [...nodes, back];

    const before = await audit(servers, start - 1_000, start + 10_000);
    console.log(
      `audit, a server down during a burst of 300: lacking ${before.servers[2]!.lacking} before catch-up; ` +
        `${before.requests} requests, ${before.bytes} bytes`,
    );
    expect(before.servers.map((s) => s.lacking)).toEqual([0, 0, 300]);
    expect(before.complete).toBe(false);

    await connectAll(servers);
    await knowPeers([back], 2);
    await back.services.mail.antiEntropy();
    const after = await audit(servers, start - 1_000, start + 10_000);
    console.log(`audit after catch-up: lacking ${after.servers.map((s) => s.lacking).join("/")}`);
    expect(after.servers.map((s) => s.held)).toEqual([350, 350, 350]);
    expect(after.complete).toBe(true);
  });
});
