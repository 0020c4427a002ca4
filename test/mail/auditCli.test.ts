import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { runCli } from "../../scripts/kit/cli.js";
import type { Scratch } from "../cli/env.js";
import { scratch } from "../cli/env.js";
import type { TestNode } from "../client/network.js";
import { TestNetwork } from "../client/network.js";
import { payloadOf } from "./helpers.js";

interface ReportJson {
  complete: boolean;
  envelopes: number;
  servers: { server: string; providerId: string; held: number; lacking: number; missing: { id: string }[] }[];
}

describe("waymark audit", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  let nodes: TestNode[];
  const audit = (args: string[]) =>
    runCli("waymark", ["audit", "--bootstrap", network.seedAddress, ...args], { env: tmp.env });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
    const alpha = await network.addProvider({ name: "Alpha Mail", isDefault: true });
    const beta = await network.addProvider({ name: "Beta Mail", isDefault: true });
    // No replication between them: what each holds is what the test pushes to it.
    nodes = [
      await network.startNode({ providerId: alpha, mail: true }),
      await network.startNode({ providerId: beta, mail: true }),
    ];
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  async function push(node: TestNode, envelopes: readonly MailEnvelope[]): Promise<void> {
    const client = await network.createClient();
    for (const envelope of envelopes) await pushEnvelope(client.host, node.host.getMultiaddrs(), envelope);
  }

  it("discovers one trusted server per provider and prints what each lacks", async () => {
    const start = Date.now() - 60_000;
    const envelopes = Array.from({ length: 24 }, (_, i) =>
      createEnvelope({ topic: "/cli-audit", payload: payloadOf(20, i), timestamp: start + i * 100 }),
    );
    await push(nodes[0]!, envelopes);
    await push(nodes[1]!, envelopes.slice(0, 20));
    const range = ["--from", String(start - 1_000), "--to", String(start + 10_000)];

    const json = await audit([...range, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as ReportJson;
    const byServer = new Map(report.servers.map((s) => [s.server, s]));
    expect(report.complete).toBe(false);
    expect(report.envelopes).toBe(24);
    expect(byServer.get(nodes[0]!.peerId)?.lacking).toBe(0);
    const beta = byServer.get(nodes[1]!.peerId);
    expect([beta?.held, beta?.lacking]).toEqual([20, 4]);
    expect(beta?.missing.map((m) => m.id).sort()).toEqual(
      envelopes
        .slice(20)
        .map((e) => envelopeIdHex(e.id))
        .sort(),
    );

    const text = await audit(range);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^SERVER\s+PROVIDER\s+HELD\s+LACKING\s+BELOW FLOOR\s+ERROR$/m);
    expect(text.stdout).toMatch(new RegExp(`^${nodes[1]!.peerId}\\s+2\\s+20\\s+4\\s+0\\s+-$`, "m"));
    expect(text.stdout).toContain("Incomplete: 24 messages dated");
  });

  it("fails with AuditTooFewServersError when only one provider's servers are trusted", async () => {
    const result = await audit(["--trust", "1"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("AuditTooFewServersError");
  });
});
