import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { WaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { scratch } from "../../cli/env.js";
import { SwitchableProxy } from "../../node/helpers/proxy.js";
import type { RunningServer } from "../helpers/fleet.js";
import { Fleet } from "../helpers/fleet.js";

describe("custom servers while the chain RPC is down", () => {
  let chain: Chain;
  let registry: string;
  let proxy: SwitchableProxy;
  let fleet: Fleet;
  let server: RunningServer;
  let client: WaymarkClient | undefined;
  /** Given to the nodes, which would otherwise wait for a chain they have never seen. */
  let chainId: string;

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployRegistry(chain);
    // The chain runs, but the RPC URL every client and node is given does not answer.
    proxy = await SwitchableProxy.reserve(Number(new URL(chain.rpcUrl).port));
    fleet = new Fleet(`http://127.0.0.1:${proxy.port}`, registry);
    // The user's own mail server: not registered, started while the chain is down.
    chainId = (await chain.provider.getNetwork()).chainId.toString();
    server = await fleet.start(await fleet.prepare({ config: { chainId } }), { until: "ready" });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });
  afterAll(async () => {
    await fleet.cleanup();
    await proxy.off();
    await chain.close();
  });

  it("the library sends and reads through the custom server, says registry servers are unavailable, and connects when the chain is back", async () => {
    const rpcUrl = `http://127.0.0.1:${proxy.port}`;
    const custom = server.addrs[0]!.toString();
    const started = Date.now();
    client = await createWaymarkClient({ rpcUrl, registry, customServers: [custom], rpcTimeoutMs: 1_000 });
    const createdInMs = Date.now() - started;
    const unavailable: Error[] = [];
    client.addEventListener("registry:unavailable", (event) => unavailable.push(event.detail.error));
    expect(client.registryStatus.connected).toBe(false);

    const sent = await client.send("/custom", "through my own server");
    expect(sent.server).toMatchObject({ custom: true, peerId: server.home.peerId });
    const read: string[] = [];
    for await (const page of client.history({ topics: ["/custom"] })) {
      read.push(...page.messages.map((message) => new TextDecoder().decode(message.payload)));
    }
    expect(read).toContain("through my own server");
    expect(unavailable.map((error) => error.name)).toEqual(["RpcUnreachableError"]);

    // The chain is back: the client connects in the background and uses the registry again.
    const connected = new Promise<void>((resolve) => {
      client!.addEventListener("registry:connected", () => {
        resolve();
      });
    });
    const backAt = Date.now();
    await proxy.on();
    await connected;
    const connectedAfterMs = Date.now() - backAt;
    expect(client.registryStatus.connected).toBe(true);
    expect(client.registry?.address).toBe(registry);
    await proxy.off();

    console.log(
      `custom server without the chain: createWaymarkClient took ${createdInMs} ms, send and history went through the custom server, ` +
        `registry:unavailable said ${unavailable.map((error) => error.name).join(", ")}; the registry connected in the background ${connectedAfterMs} ms after the chain came back`,
    );
  });

  it("the CLI sends, reads, discovers and picks with --custom, saying registry servers are unavailable", async () => {
    const tmp = await scratch({ rpcUrl: `http://127.0.0.1:${proxy.port}`, registry });
    try {
      const custom = ["--custom", server.addrs[0]!.toString()];
      const send = await runCli("waymark", ["send", "/cli", "hello from the cli", ...custom], {
        env: tmp.env,
      });
      expect(send.code, send.stderr).toBe(0);
      expect(send.stdout).toMatch(
        new RegExp(`^Sent [0-9a-f]{64} via ${server.home.peerId} \\(custom server\\)$`, "m"),
      );
      expect(send.stderr).toContain("registry servers are unavailable");

      const history = await runCli("waymark", ["history", "--topic", "/cli", ...custom], { env: tmp.env });
      expect(history.code, history.stderr).toBe(0);
      expect(history.stdout).toMatch(/ {2}hello from the cli$/m);

      const discover = await runCli("waymark", ["discover", ...custom], { env: tmp.env });
      expect(discover.code, discover.stderr).toBe(0);
      expect(discover.stdout).toMatch(
        new RegExp(`^${server.home.peerId}\\s+custom\\s+Custom\\s+-\\s+\\d+ ms\\s+custom$`, "m"),
      );

      const pick = await runCli("waymark", ["pick", ...custom], { env: tmp.env });
      expect(pick.code, pick.stderr).toBe(0);
      expect(pick.stdout).toContain(
        `Selected ${server.home.peerId} (custom server, not checked against the registry)`,
      );

      // Without a custom server the CLI still names the unreachable RPC.
      const without = await runCli("waymark", ["send", "/cli", "nowhere to go"], { env: tmp.env });
      expect(without.code).toBe(1);
      expect(without.stderr.trim().split("\n").at(-1)).toMatch(/^waymark: RpcUnreachableError: /);
      console.log(
        `custom server without the chain (CLI): send, history, discover and pick exit 0 through the custom server; ` +
          `send warned: ${send.stderr.split("\n").find((line) => line.includes("registry servers are unavailable"))}`,
      );
    } finally {
      await tmp.remove();
    }
  });

  it("names the unavailable registry when the custom server is gone too", async () => {
    const other = await fleet.start(await fleet.prepare({ config: { chainId } }), { until: "ready" });
    client = await createWaymarkClient({
      rpcUrl: `http://127.0.0.1:${proxy.port}`,
      registry,
      customServers: [other.addrs[0]!.toString()],
      rpcTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
    });
    await client.send("/gone", "before");
    await other.process.kill();
    const error = await expectRejectsNamed(client.send("/gone", "after"), "NoServerAvailableError");
    const details = (error as Error & { details: string }).details;
    console.log(`custom server gone, chain down: ${error.message.split("\n")[0]} (${details})`);
    expect(details).toContain("registry servers are unavailable");
    expect(details).toContain("RpcUnreachableError");
  });
});
