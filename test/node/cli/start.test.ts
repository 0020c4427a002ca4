import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { consentMessage, parseConsent } from "../../../client/kernel/identity/consent.js";
import { runCli, spawnCli } from "../../../scripts/kit/cli.js";
import type { ChildProcessHandle } from "../../../scripts/kit/process.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { LEVEL, TEST_PROVIDERS } from "../helpers/fixtures.js";

describe("waymark-node start", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const processes = useProcesses();

  /** A data directory with a key, and a configuration file beside it. */
  async function prepare(config: Record<string, unknown> = {}): Promise<{ configFile: string }> {
    const dataDir = await dirs.make();
    const keygen = await runCli("waymark-node", ["keygen", "--out", join(dataDir, "node.key")]);
    expect(keygen.code).toBe(0);
    const configFile = join(dataDir, "node.json");
    await writeFile(
      configFile,
      JSON.stringify(
        { registry: world.current.address, rpcUrl: world.current.chain.rpcUrl, dataDir: ".", ...config },
        null,
        2,
      ),
    );
    return { configFile };
  }

  function spawn(args: string[], env: Record<string, string> = {}): ChildProcessHandle {
    return processes.add(spawnCli("waymark-node", ["start", ...args], { env }));
  }

  it("runs a node registered by its CLI consent, serves its status, and exits 0 on SIGTERM", async () => {
    const { configFile } = await prepare({
      listen: ["/ip4/127.0.0.1/tcp/0"],
      loopback: true,
      logLevel: "warn",
      statusListen: "127.0.0.1:1",
    });
    const consent = await runCli("waymark-node", ["consent", "--config", configFile, "--provider", "1"]);
    expect(consent.code).toBe(0);
    const signed = parseConsent(consent.stdout);
    await (
      await world.current.provider(1n).contract.registerNode(consentMessage(signed), signed.signature)
    ).wait();

    // File < environment < flags: the file's log level and status address are both overridden.
    const node = spawn(["--config", configFile, "--log-level", "info"], {
      WAYMARK_STATUS_LISTEN: "127.0.0.1:0",
      WAYMARK_LOG_LEVEL: "error",
    });
    const listening = await node.waitForLine((line) => line.msg === "status server listening");
    const registered = await node.waitForLine((line) => line.verdict === "Trusted");
    expect(registered.level).toBe(LEVEL.info);
    const started = await node.waitForLine((line) => line.msg === "node started");
    expect(started).toMatchObject({ peerId: signed.peerId, nodeAddress: signed.node, service: "mail/1" });

    const status = (await (await fetch(`${String(listening.url)}/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      state: "running",
      peerId: signed.peerId,
      registration: { verdict: "Trusted", registered: true },
    });
    expect(await (await fetch(`${String(listening.url)}/metrics`)).text()).toContain("waymark_node_info");

    node.child.kill("SIGTERM");
    expect(await node.exit()).toEqual({ code: 0, signal: null });
    expect(node.lines.map((line) => line.msg)).toContain("stopped");
  });

  it("exits at once, with status 1, on a second signal during shutdown", async () => {
    const { configFile } = await prepare({ listen: ["/ip4/127.0.0.1/tcp/0"], statusListen: "127.0.0.1:0" });
    const node = spawn(["--config", configFile]);
    await node.waitForLine((line) => line.msg === "node started");

    node.child.kill("SIGINT");
    node.child.kill("SIGTERM");
    expect(await node.exit()).toEqual({ code: 1, signal: null });
    expect(node.lines).toContainEqual(expect.objectContaining({ msg: "second signal: exiting at once" }));
  });

  it("fails at start with a message naming an invalid option", async () => {
    const { configFile } = await prepare();
    const fromFlag = await runCli("waymark-node", [
      "start",
      "--config",
      configFile,
      "--announce-interval",
      "soon",
    ]);
    expect(fromFlag.code).toBe(1);
    expect(fromFlag.stderr).toMatch(
      /^InvalidConfigError: Invalid configuration option "announceInterval" \(from --announce-interval\)/m,
    );

    const fromEnv = await runCli("waymark-node", ["start", "--config", configFile], {
      env: { WAYMARK_MAX_CONNECTIONS: "many" },
    });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('"maxConnections" (from WAYMARK_MAX_CONNECTIONS)');

    const { configFile: typo } = await prepare({ anounceInterval: "1h" });
    const fromFile = await runCli("waymark-node", ["start", "--config", typo]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain('"anounceInterval"');
  });

  it("prints the resolved configuration with `config`", async () => {
    const { configFile } = await prepare({ announceInterval: "2h", maxConnections: 50 });
    const result = await runCli(
      "waymark-node",
      ["config", "--config", configFile, "--max-connections", "70"],
      {
        env: { WAYMARK_ANNOUNCE_INTERVAL: "3h" },
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      registry: world.current.address,
      announceInterval: 3 * 3_600_000,
      maxConnections: 70,
      service: "mail/1",
    });
  });

  it("runs a provider's mail and records nodes in one process, one --config each", async () => {
    const base = { listen: ["/ip4/127.0.0.1/tcp/0"], loopback: true, statusListen: "127.0.0.1:0" };
    const mail = await prepare(base);
    const records = await prepare({ ...base, service: "records/1" });
    const peers: string[] = [];
    for (const { configFile } of [mail, records]) {
      const consent = await runCli("waymark-node", ["consent", "--config", configFile, "--provider", "1"]);
      expect(consent.code).toBe(0);
      const signed = parseConsent(consent.stdout);
      peers.push(signed.peerId);
      await (
        await world.current.provider(1n).contract.registerNode(consentMessage(signed), signed.signature)
      ).wait();
    }

    const both = spawn(["--config", mail.configFile, "--config", records.configFile]);
    const started = [
      await both.waitForLine((line) => line.msg === "node started" && line.service === "mail/1"),
      await both.waitForLine((line) => line.msg === "node started" && line.service === "records/1"),
    ];
    expect(started.map((line) => line.peerId)).toEqual(peers);
    const urls = both.lines
      .filter((line) => line.msg === "status server listening")
      .map((line) => String(line.url));
    expect(urls).toHaveLength(2);
    const statuses = await Promise.all(
      urls.map(
        async (url) => (await (await fetch(`${url}/status`)).json()) as { service: string; peerId: string },
      ),
    );
    expect(statuses.map((status) => status.service).sort()).toEqual(["mail/1", "records/1"]);

    both.child.kill("SIGTERM");
    expect(await both.exit()).toEqual({ code: 0, signal: null });
    expect(both.lines.filter((line) => line.msg === "stopped")).toHaveLength(2);

    // Two nodes of one process cannot share a key, a data directory or a fixed address.
    const twice = await runCli("waymark-node", [
      "start",
      "--config",
      mail.configFile,
      "--config",
      mail.configFile,
    ]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('"keyFile"');
    expect(twice.stderr).toContain("each node of one process needs its own");
    const config = await runCli("waymark-node", [
      "config",
      "--config",
      mail.configFile,
      "--config",
      records.configFile,
    ]);
    expect(config.code).toBe(1);
    expect(config.stderr).toContain("takes one configuration file");
  });
});
