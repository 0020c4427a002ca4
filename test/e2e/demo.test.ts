import { spawn } from "node:child_process";

import { describe, expect, it } from "vitest";

import type { RelayReport } from "../../scripts/demo/relayStory.js";
import type { DemoReport } from "../../scripts/demo/story.js";
import { ROOT } from "../../scripts/kit/paths.js";

interface DemoOutput extends DemoReport {
  relay: RelayReport;
  ok: boolean;
  error?: string;
  timings: { step: number; label: string; ms: number }[];
}

async function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`${ROOT}dist/scripts/demo/main.js`, "--json"], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${ROOT}node_modules/.bin:${process.env.PATH ?? ""}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 330_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  it(
    "plays the whole story with real processes and stops every one of them",
    { timeout: 340_000 },
    async () => {
      const { code, stdout, stderr } = await runDemo();
      expect(code, stderr).toBe(0);
      const report = JSON.parse(stdout) as DemoOutput;
      expect(report.ok, report.error).toBe(true);

      // 1-2. A registry with two default providers: one admitted, one applied and approved.
      expect(report.registry).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(report.providers.map((p) => p.name)).toEqual(["Alpha Mail", "Beta Relay"]);

      // 3. Three nodes registered over the two providers, one rogue.
      const byName = new Map(report.nodes.map((node) => [node.name, node]));
      expect(report.nodes.map((node) => node.providerId)).toEqual(["1", "1", "2", null]);
      const rogue = byName.get("rogue")!;

      // 4-5. Discovery finds all four through the DHT; one verification rejects the rogue with its reason.
      expect(report.discovered).toHaveLength(4);
      const rogueVerdict = report.discovered.find((c) => c.peerId === rogue.peerId);
      expect(rogueVerdict).toMatchObject({ trusted: false, verdict: "NodeUnknown" });
      expect(report.discovered.filter((c) => c.trusted)).toHaveLength(3);
      expect(report.selected.peerId).not.toBe(rogue.peerId);

      // The message was stored encrypted and read back, decrypted, from another node.
      expect(report.sent.serverPeerId).toBe(report.selected.peerId);
      expect(report.readBack.serverPeerId).not.toBe(report.sent.serverPeerId);
      expect(report.readBack.encrypted).toBe(true);
      expect(report.readBack.plaintext).toContain("Hello Bob");

      // 6. Two records servers: Bob's mail key is found by his address, also after one is killed.
      expect(report.records.plaintext).toBe("Hello Bob, found by your address.");
      expect(report.records.readAfterKillVia).not.toBe(report.records.killed);
      expect(report.records.readAfterKillVia).not.toBe("");

      // 7. Suspending the picked node's provider revokes it; the next message goes to the other provider.
      expect(report.revocation.suspendedProviderId).toBe(report.selected.providerId);
      expect(report.revocation.failoverProviderId).not.toBe(report.revocation.suspendedProviderId);
      expect(report.revocation.failoverPeerId).not.toBe(rogue.peerId);
      for (const node of report.nodes) {
        const expected =
          node.providerId === null
            ? "NodeUnknown"
            : node.providerId === report.revocation.suspendedProviderId
              ? "ProviderNotActive"
              : "Trusted";
        expect(node.verdict, node.name).toBe(expected);
      }

      // 8. A service behind NAT answers through a trusted relay, and again after that relay is killed.
      expect(report.relay.answers).toEqual(["Hello from behind NAT", "Still answering"]);
      expect(report.relay.reservedOn.map((held) => held.providerId).sort()).toEqual(["1", "2"]);
      expect(report.relay.answeredAfterKillVia).not.toBe(report.relay.killed);

      // Every step was timed, and nothing the demo started is left running.
      expect(report.timings.length).toBeGreaterThan(10);
      expect(await answers(report.rpcUrl)).toBe(false);
      for (const node of report.nodes) expect(await answers(node.statusUrl), node.name).toBe(false);
    },
  );
});
