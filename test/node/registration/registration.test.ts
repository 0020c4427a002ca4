import { once } from "node:events";

import { afterEach, describe, expect, it } from "vitest";

import { startNode, WaymarkNode } from "../../../node/daemon.js";
import type { RegistrationState } from "../../../node/registration/registrationMonitor.js";
import type { NodeStatus } from "../../../node/status/nodeStatus.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { LEVEL, memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";
import { SwitchableProxy } from "../helpers/proxy.js";

describe("registration check", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const proxies: SwitchableProxy[] = [];
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map(async (proxy) => proxy.off()));
  });
  const nodes = useProcesses();

  /** Starts another node to serve as a DHT peer, and returns its address for `bootstrap`. */
  async function startPeer(): Promise<string[]> {
    const peer = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make()),
      {
        privateKey: await newNodeKey(),
        logger: memoryLogger().logger,
      },
    );
    nodes.add(peer);
    return peer.libp2p.getMultiaddrs().map(String);
  }

  it("reports a node registered under a default provider as registered", async () => {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 1n });
    const { logger, lines } = memoryLogger();
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make()),
      {
        privateKey,
        logger,
      },
    );
    nodes.add(node);

    expect(node.status().registration).toMatchObject({
      verdict: "Trusted",
      registered: true,
      providerId: "1",
      stale: false,
    });
    expect(lines).toContainEqual(expect.objectContaining({ level: LEVEL.info, verdict: "Trusted" }));
  });

  it("counts a node under an active provider that is not a default one as registered", async () => {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 2n });
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make()),
      {
        privateKey,
        logger: memoryLogger().logger,
      },
    );
    nodes.add(node);

    expect(node.status().registration).toMatchObject({
      verdict: "ProviderNotTrusted",
      registered: true,
      providerId: "2",
    });
  });

  it("runs and announces an unregistered node, and warns that clients will not select it", async () => {
    const bootstrap = await startPeer();
    const { logger, lines } = memoryLogger();
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), { bootstrap }),
      {
        privateKey: await newNodeKey(),
        logger,
      },
    );
    nodes.add(node);

    expect(node.state).toBe("running");
    expect(node.status().registration).toMatchObject({ verdict: "NodeUnknown", registered: false });
    const warning = lines.find((line) => line.level === LEVEL.warn && line.verdict === "NodeUnknown");
    expect(warning?.msg).toMatch(/clients will not select this node/);
    expect((await node.waitForAnnouncement()).peers).toBeGreaterThan(0);
  });

  it("sees a retirement at the next check", async () => {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 1n });
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make()),
      {
        privateKey,
        logger: memoryLogger().logger,
      },
    );
    nodes.add(node);
    await (await world.current.provider(1n).contract.retireNode(node.nodeAddress)).wait();

    expect(await node.checkRegistration()).toMatchObject({ verdict: "NodeRetired", registered: false });
  });

  it("starts while the chain is down, reports the verdict unknown, and catches up when it answers", async () => {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 1n });
    const bootstrap = await startPeer();
    const proxy = await SwitchableProxy.reserve(Number(new URL(world.current.chain.rpcUrl).port));
    proxies.push(proxy);
    const { logger, lines } = memoryLogger();
    const node = await startNode(
      testNodeConfig(world.current.address, `http://127.0.0.1:${proxy.port}`, await dirs.make(), {
        chainId: world.current.provider(1n).chainId,
        bootstrap,
      }),
      { privateKey, logger },
    );
    nodes.add(node);

    expect(node.state).toBe("running");
    expect(node.status()).toMatchObject({
      chainId: world.current.provider(1n).chainId.toString(),
      registration: { verdict: "unknown", registered: null },
    });
    expect(node.status().registration.error).toMatch(/unreachable/);
    expect(lines).toContainEqual(expect.objectContaining({ level: LEVEL.warn, verdict: "unknown" }));
    expect((await node.waitForAnnouncement()).peers).toBeGreaterThan(0);

    const changed = once(node, "registration:change") as Promise<[CustomEvent<RegistrationState>]>;
    await proxy.on();
    const [{ detail: state }] = await changed;
    expect(state).toMatchObject({ verdict: "Trusted", registered: true, stale: false });
  });

  it("keeps the last verdict, marked stale, while the chain is down again", async () => {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 1n });
    const proxy = await SwitchableProxy.reserve(Number(new URL(world.current.chain.rpcUrl).port));
    proxies.push(proxy);
    await proxy.on();
    const node = await startNode(
      testNodeConfig(world.current.address, `http://127.0.0.1:${proxy.port}`, await dirs.make()),
      { privateKey, logger: memoryLogger().logger },
    );
    nodes.add(node);
    expect(node.status().registration).toMatchObject({ verdict: "Trusted", stale: false });

    await proxy.off();
    expect(await node.checkRegistration()).toMatchObject({ verdict: "Trusted", stale: true });
    expect(node.status().registration.stale).toBe(true);
  });

  it("waits for a chain it has never seen when no chain id is configured, serving its status meanwhile", async () => {
    const privateKey = await newNodeKey();
    const proxy = await SwitchableProxy.reserve(Number(new URL(world.current.chain.rpcUrl).port));
    proxies.push(proxy);
    const node = new WaymarkNode(
      testNodeConfig(world.current.address, `http://127.0.0.1:${proxy.port}`, await dirs.make()),
      { privateKey, logger: memoryLogger().logger },
    );
    nodes.add(node);
    const waiting = new Promise<void>((resolve) => {
      node.addEventListener("node:state", ({ detail: state }) => {
        if (state === "waiting-for-chain") resolve();
      });
    });
    const started = node.start();
    await waiting;

    const health = await fetch(`${node.statusUrl!}/healthz`);
    expect(health.status).toBe(503);
    const status = (await (await fetch(`${node.statusUrl!}/status`)).json()) as NodeStatus;
    expect(status).toMatchObject({
      state: "waiting-for-chain",
      chainId: null,
      peerId: node.peerId.toString(),
    });

    await proxy.on();
    await started;
    expect(node.status()).toMatchObject({
      state: "running",
      chainId: world.current.provider(1n).chainId.toString(),
    });
  });

  it("remembers the chain id, so a restart announces while the chain is down", async () => {
    const privateKey = await newNodeKey();
    const dataDir = await dirs.make();
    const first = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, dataDir),
      {
        privateKey,
        logger: memoryLogger().logger,
      },
    );
    const key = first.serviceKey?.toString();
    await first.stop();

    const bootstrap = await startPeer();
    const proxy = await SwitchableProxy.reserve(Number(new URL(world.current.chain.rpcUrl).port));
    const node = await startNode(
      testNodeConfig(world.current.address, `http://127.0.0.1:${proxy.port}`, dataDir, { bootstrap }),
      { privateKey, logger: memoryLogger().logger },
    );
    nodes.add(node);

    expect(node.serviceKey?.toString()).toBe(key);
    expect(node.status().registration.verdict).toBe("unknown");
    expect((await node.waitForAnnouncement()).peers).toBeGreaterThan(0);
  });
});
