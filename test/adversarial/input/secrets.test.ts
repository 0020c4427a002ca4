import { createServer } from "node:net";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import type { RunResult } from "../../../scripts/kit/process.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import { scratch } from "../../cli/env.js";
import type { LogLine } from "../../../scripts/kit/logLines.js";
import type { ChildProcessHandle } from "../../../scripts/kit/process.js";
import { Fleet } from "../helpers/fleet.js";
import { RpcProxy } from "../helpers/rpcProxy.js";

/** An RPC URL with a secret in each part a hosted RPC provider puts one: user info, path, query. */
function secretUrl(port: number): string {
  return `http://user:SECRET1@127.0.0.1:${port}/v3/SECRET2?apikey=SECRET3`;
}

const SECRET = /SECRET[123]/;

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  return port;
}

/** Everything a node process printed: its JSON log lines and its standard error. */
function printed(node: ChildProcessHandle): string {
  return `${node.lines.map((line) => JSON.stringify(line)).join("\n")}\n${node.stderr}`;
}

/**
 * A chain RPC URL with an API key in its user info, path and query (as hosted RPC providers hand
 * them out) must never be printed whole: not by the `waymark` CLI when the RPC is unreachable, not by
 * `waymark-node config`, not in a running node's log lines or `/status` while its RPC first answers,
 * then fails with HTTP 500 (an RPC library quotes the request URL in that error), then stops
 * answering, and not by a node that waits for a chain it cannot reach. Each place names the RPC by
 * scheme, host and port instead. The proxy in front of the chain sees the secrets: they are in use.
 */
describe("a chain RPC URL holding secrets", () => {
  let chain: Chain;
  let registry: string;
  let proxy: RpcProxy;
  let fleet: Fleet;
  /** What was printed, and how much of it showed a secret. */
  const printedTexts = { cli: [0, 0], logs: [0, 0], status: [0, 0] };

  function record(kind: keyof typeof printedTexts, texts: readonly string[]): void {
    printedTexts[kind][0]! += texts.length;
    printedTexts[kind][1]! += texts.filter((text) => SECRET.test(text)).length;
  }

  async function status(url: string): Promise<string> {
    const text = await (await fetch(`${url}/status`, { signal: AbortSignal.timeout(10_000) })).text();
    record("status", [text]);
    return text;
  }

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployRegistry(chain);
    proxy = await RpcProxy.start(chain.rpcUrl);
    fleet = new Fleet(secretUrl(proxy.port), registry);
  });
  afterEach(async () => {
    await fleet.stopAll();
    proxy.mode = "forward";
  });
  afterAll(async () => {
    const requests = proxy.seen.filter((seen) => SECRET.test(`${seen.path} ${seen.authorization ?? ""}`));
    const shown = (kind: keyof typeof printedTexts, what: string): string =>
      `${printedTexts[kind][1]} of ${printedTexts[kind][0]} ${what}`;
    console.log(
      `RPC URL secrets: ${requests.length} of ${proxy.seen.length} RPC requests carried them; printed by ` +
        `${shown("cli", "CLI runs")}, ${shown("logs", "node log lines")}, ${shown("status", "/status reads")}`,
    );
    await fleet.cleanup();
    await proxy.close();
    await chain.close();
  });

  it("the CLI names an unreachable RPC by its scheme, host and port only", async () => {
    const port = await closedPort();
    const tmp = await scratch({ rpcUrl: secretUrl(port), registry });
    try {
      for (const args of [
        ["provider", "list"],
        ["discover", "--timeout", "500"],
        ["node", "show", registry],
      ]) {
        const result: RunResult = await runCli("waymark", args, { env: tmp.env });
        record("cli", [result.stdout + result.stderr]);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(
          `waymark: RpcUnreachableError: The chain RPC http://127.0.0.1:${port} is unreachable`,
        );
        expect(result.stdout + result.stderr).not.toMatch(SECRET);
      }
      proxy.mode = "fail";
      const failing = await runCli("waymark", ["provider", "list", "--rpc-url", secretUrl(proxy.port)], {
        env: tmp.env,
      });
      record("cli", [failing.stdout + failing.stderr]);
      expect(failing.stderr).toContain(`The chain RPC http://127.0.0.1:${proxy.port} is unreachable`);
      expect(failing.stdout + failing.stderr).not.toMatch(SECRET);
    } finally {
      await tmp.remove();
    }
  });

  it("waymark-node config prints the RPC URL redacted unless asked for secrets", async () => {
    const home = await fleet.prepare();
    const shown = await runCli("waymark-node", ["config", "--config", home.configFile]);
    record("cli", [shown.stdout + shown.stderr]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ rpcUrl: `http://127.0.0.1:${proxy.port}` });
    expect(shown.stdout).not.toMatch(SECRET);

    const whole = await runCli("waymark-node", ["config", "--config", home.configFile, "--show-secrets"]);
    expect(JSON.parse(whole.stdout)).toMatchObject({ rpcUrl: secretUrl(proxy.port) });
  });

  it("a node's logs and /status never show the secrets, while the RPC answers, fails and goes silent", async () => {
    const home = await fleet.prepare({ config: { logLevel: "debug", registryCheckInterval: "1s" } });
    const server = await fleet.start(home);
    await server.process.waitForLine((line) => line.verdict === "NodeUnknown");
    expect(await status(server.statusUrl)).toContain('"verdict": "NodeUnknown"');

    proxy.mode = "fail";
    await server.process.waitForLine((line) => line.msg.startsWith("registration check failed"));
    const failing = JSON.parse(await status(server.statusUrl)) as { registration: { error: string } };
    expect(failing.registration.error).toBe(`The chain RPC http://127.0.0.1:${proxy.port} is unreachable`);

    proxy.mode = "silent";
    const failures = (line: LogLine): number => (typeof line.failures === "number" ? line.failures : 0);
    const before = Math.max(...server.process.lines.map(failures));
    await server.process.waitForLine(
      (line) => failures(line) > before && typeof line.reason === "string" && line.reason.includes("timeout"),
    );
    await status(server.statusUrl);

    const lines = server.process.lines.map((line) => JSON.stringify(line));
    record("logs", lines);
    expect(printed(server.process)).not.toMatch(SECRET);
    expect(printed(server.process)).toContain(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.seen.some((seen) => seen.path === "/v3/SECRET2?apikey=SECRET3")).toBe(true);
  });

  it("a node waiting for a chain it cannot reach says why in /status, without the secrets", async () => {
    proxy.mode = "fail";
    const home = await fleet.prepare();
    const node = fleet.spawn(home);
    const listening = await node.waitForLine((line) => line.msg === "status server listening");
    let shown: { state?: string; registration?: { error: string | null } } = {};
    await waitFor(
      async () => {
        shown = JSON.parse(await status(String(listening.url))) as typeof shown;
        return shown.state === "waiting-for-chain" && shown.registration?.error !== null;
      },
      15_000,
      200,
    );
    expect(shown.registration?.error).toBe(`The chain RPC http://127.0.0.1:${proxy.port} is unreachable`);
    await node.waitForLine((line) => line.msg.startsWith("waiting for the chain"));
    record(
      "logs",
      node.lines.map((line) => JSON.stringify(line)),
    );
    expect(printed(node)).not.toMatch(SECRET);
  });
});
