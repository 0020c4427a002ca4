import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";

import { createEnvelope } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { MailPeerAuditor, registerMailAuditMetrics } from "../../node/mail/audit/index.js";
import type { MailServiceInit } from "../../node/mail/index.js";
import { resolveMailLimits } from "../../node/mail/options.js";
import { openSqliteStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import type { MailStore } from "../../node/mail/store/types.js";
import { useWorld } from "../helpers/hooks.js";
import type { MailHost } from "./helpers.js";
import { droppingStore } from "./droppingStore.js";
import { connectAll, Harness, payloadOf, waitFor } from "./helpers.js";

const PROVIDERS = [1, 2, 3].map((n) => ({ name: `Mail ${n}`, metadataURI: `https://mail${n}.example` }));

const NODE: MailServiceInit = {
  antiEntropyIntervalMs: 3_600_000,
  catchUpWaitMs: 0,
  pushesPerSecond: 10_000,
  pushBurst: 10_000,
};

describe("a node's periodic audit of its replication peers", () => {
  const harness = new Harness();
  const world = useWorld({ providers: PROVIDERS });
  const auditors: MailPeerAuditor[] = [];
  afterEach(async () => {
    await Promise.all(auditors.splice(0).map(async (auditor) => auditor.stop()));
    await harness.cleanup();
  });

  async function node(providerId: bigint, init: MailServiceInit = {}): Promise<MailHost> {
    const key = await generateKeyPair("secp256k1");
    await world.current.registerNode(key, { providerId });
    return harness.mailNode({ checkPeers: world.current.check(), ...NODE, ...init }, { privateKey: key });
  }

  it("counts what each peer lacks in waymark_mail_audit_missing_total, each range once", async () => {
    let own: MailStore | undefined;
    const ownDir = await harness.tempDir();
    const auditing = await node(1n, {
      openStore: () =>
        (own = openSqliteStore({
          path: join(ownDir, "mail.sqlite"),
          clock: Date.now,
          limits: resolveMailLimits(NODE),
        })),
    });
    const lost = new Set<string>();
    const lossDir = await harness.tempDir();
    const losing = await node(3n, {
      openStore: () =>
        droppingStore(
          openSqliteStore({
            path: join(lossDir, "mail.sqlite"),
            clock: Date.now,
            limits: resolveMailLimits(NODE),
          }),
          32 / 256,
          lost,
        ),
    });
    const nodes = [auditing, await node(2n), losing];
    await connectAll(nodes);
    await waitFor(() => nodes.every((n) => n.services.mail.status().replication.peers === 2), "peers");
    const client = await harness.client();
    const start = Date.now() - 30_000;
    for (let i = 0; i < 200; i++) {
      const envelope = createEnvelope({
        topic: "/peers",
        payload: payloadOf(40, i),
        timestamp: start + i * 11,
      });
      await pushEnvelope(client, auditing.getMultiaddrs(), envelope);
    }
    await waitFor(() => nodes[1]!.services.mail.status().messages === 200, "the burst to replicate");
    await waitFor(
      () => losing.services.mail.status().messages + lost.size === 200,
      "the burst to reach the loser",
    );

    const auditor = new MailPeerAuditor({
      self: auditing.peerId,
      store: own!,
      host: auditing,
      peers: () => [nodes[1]!, losing].map((n) => ({ peer: n.peerId })),
      limits: { ...resolveMailLimits({ auditIntervalMs: 100, auditSettleMs: 0, auditWindowMs: 600_000 }) },
      clock: Date.now,
    });
    auditors.push(auditor);
    const registry = new Registry();
    registerMailAuditMetrics(registry, () => auditor.status());
    auditor.start();
    await waitFor(() => auditor.status().runs.completed >= 3, "three audits");
    await auditor.stop();

    const metrics = await registry.metrics();
    const missing = (peer: string): number =>
      Number(new RegExp(`waymark_mail_audit_missing_total\\{peer="${peer}"\\} (\\d+)`).exec(metrics)?.[1]);
    console.log(
      `node audit of 2 peers every 100 ms: ${auditor.status().runs.completed} audits, ` +
        `missing_total ${missing(losing.peerId.toString())} for the peer that lost ${lost.size}`,
    );
    expect(lost.size).toBeGreaterThan(5);
    expect(missing(losing.peerId.toString())).toBe(lost.size);
    expect(missing(auditing.peerId.toString())).toBe(0);
    expect(missing(nodes[1]!.peerId.toString())).toBe(0);
    expect(metrics).toMatch(/waymark_mail_audit_runs_total\{outcome="failed"\} 0/);
  });

  it("runs in the mail service when auditIntervalMs is set, over the service's replication peers", async () => {
    const audit: MailServiceInit = { auditIntervalMs: 100, auditSettleMs: 0, auditWindowMs: 600_000 };
    const nodes = [await node(1n, audit), await node(2n)];
    await connectAll(nodes);
    await waitFor(() => nodes.every((n) => n.services.mail.status().replication.peers === 1), "peers");
    const registry = new Registry();
    nodes[0]!.services.mail.registerMetrics?.(registry);
    const runs = async (outcome: string): Promise<number> =>
      Number(
        new RegExp(`waymark_mail_audit_runs_total\\{outcome="${outcome}"\\} (\\d+)`).exec(
          await registry.metrics(),
        )?.[1],
      );
    const deadline = Date.now() + 30_000;
    while ((await runs("completed")) < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const metrics = await registry.metrics();
    console.log(
      `mail service audit every 100 ms: ${await runs("completed")} completed, ${await runs("failed")} failed`,
    );
    expect(await runs("completed")).toBeGreaterThanOrEqual(2);
    expect(await runs("failed")).toBe(0);
    expect(metrics).toContain(`waymark_mail_audit_missing_total{peer="${nodes[1]!.peerId.toString()}"} 0`);
  });

  it("does not audit when auditIntervalMs is 0, the default", async () => {
    expect(resolveMailLimits().auditIntervalMs).toBe(0);
    const host = await node(1n);
    const auditor = new MailPeerAuditor({
      self: host.peerId,
      store: openSqliteStore({ path: ":memory:", clock: Date.now, limits: resolveMailLimits() }),
      host,
      peers: () => {
        throw new Error("an idle auditor asked for its peers");
      },
      limits: resolveMailLimits(),
      clock: Date.now,
    });
    auditors.push(auditor);
    auditor.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(auditor.status().runs).toEqual({ completed: 0, failed: 0 });
  });
});
