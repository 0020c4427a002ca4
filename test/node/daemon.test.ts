import { once } from "node:events";
import { join } from "node:path";

import { LevelDatastore } from "datastore-level";
import type { Key } from "interface-datastore";
import { describe, expect, it } from "vitest";

import type { NodeServiceModule, NodeServiceRuntime } from "../../node/services/types.js";
import type { WaymarkNode } from "../../node/daemon.js";
import { startNode } from "../../node/daemon.js";
import { writeNodeKey } from "../../node/keys/nodeKeyStore.js";
import type { NodeStatus } from "../../node/status/nodeStatus.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "./helpers/fixtures.js";

/** A service module whose readiness the test controls, reporting a counter in `/status`. */
function probeModule(): { module: NodeServiceModule; release(): void; dataDirs: string[] } {
  const gate = Promise.withResolvers<undefined>();
  const dataDirs: string[] = [];
  const runtime: NodeServiceRuntime = {
    ready: async () => gate.promise,
    status: () => ({ messages: 3, bytes: 1024n }),
  };
  return {
    dataDirs,
    release: () => {
      gate.resolve(undefined);
    },
    module: {
      service: "mail/1",
      runtimeKey: "probe",
      create(context) {
        dataDirs.push(context.dataDir);
        return { probe: () => runtime };
      },
    },
  };
}

describe("node daemon", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();

  /** Starts a node on a data directory, writing it a key file first unless it has one. */
  async function start(
    dataDir: string,
    overrides: Parameters<typeof testNodeConfig>[3] = {},
    modules: NodeServiceModule[] = [],
  ): Promise<WaymarkNode> {
    await writeNodeKey(join(dataDir, "node.key")).catch((err: unknown) => {
      if ((err as Error).name !== "KeyFileExistsError") throw err;
    });
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, dataDir, overrides),
      {
        modules,
        logger: memoryLogger().logger,
      },
    );
    nodes.add(node);
    return node;
  }

  it("keeps its identity, peer store and DHT records across a restart", async () => {
    const dataDir = await dirs.make();
    const identity = await writeNodeKey(join(dataDir, "node.key"));
    const peer = await start(await dirs.make());
    const node = await start(dataDir, { bootstrap: peer.libp2p.getMultiaddrs().map(String) });
    await node.waitForAnnouncement();
    const peerId = node.peerId.toString();
    expect(peerId).toBe(identity.peerId.toString());
    await node.stop();

    // On disk: the peer store holds the peer, the DHT holds the node's own provider record.
    const datastore = new LevelDatastore(join(dataDir, "datastore"));
    await datastore.open();
    const peers: Key[] = [];
    for await (const key of datastore.queryKeys({ prefix: "/peers" })) peers.push(key);
    const providers: Key[] = [];
    for await (const key of datastore.queryKeys({ prefix: "/dht/provider" })) providers.push(key);
    await datastore.close();
    expect(peers.map((key) => key.toString())).toContain(`/peers/${peer.peerId.toCID().toString()}`);
    expect(providers.length).toBeGreaterThan(0);

    // Restarted without any bootstrap peer: same identity, and the peer is still known.
    const restarted = await start(dataDir, { registryBootstrap: false });
    expect(restarted.peerId.toString()).toBe(peerId);
    expect(await restarted.libp2p.peerStore.has(peer.peerId)).toBe(true);
  });

  it("mounts service modules, announces only once they are ready, and reports their status", async () => {
    const probe = probeModule();
    const peer = await start(await dirs.make());
    const dataDir = await dirs.make();
    const node = await start(dataDir, { bootstrap: peer.libp2p.getMultiaddrs().map(String) }, [probe.module]);

    expect(probe.dataDirs).toEqual([join(dataDir, "services", "probe")]);
    expect(node.status().announcement.last).toBeNull();
    expect(node.status().services).toEqual({ probe: { messages: 3, bytes: 1024n } });

    const announced = once(node, "announce:success");
    probe.release();
    await announced;
    expect(node.status().announcement.last).toMatchObject({ ok: true });
  });

  it("serves /healthz, /status and /metrics with the node's fields", async () => {
    const privateKey = await world.current.newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 1n });
    const peer = await start(await dirs.make());
    const probe = probeModule();
    probe.release();
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        bootstrap: peer.libp2p.getMultiaddrs().map(String),
      }),
      { privateKey, modules: [probe.module], logger: memoryLogger().logger },
    );
    nodes.add(node);
    await node.waitForAnnouncement();
    const base = node.statusUrl!;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok\n");

    const status = (await (await fetch(`${base}/status`)).json()) as NodeStatus;
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(status.startedAt)).not.toBeNaN();
    expect(status).toMatchObject({
      state: "running",
      peerId: node.peerId.toString(),
      nodeAddress: node.nodeAddress,
      service: "mail/1",
      chainId: world.current.chainId.toString(),
      serviceKey: node.serviceKey!.toString(),
      registration: { verdict: "Trusted", registered: true, providerId: "1", stale: false },
      dht: { mode: "server" },
      announcement: { last: { ok: true }, successes: 1 },
      services: { probe: { messages: 3, bytes: "1024" } },
    });
    expect(status.connections).toBeGreaterThan(0);
    expect(status.dht.routingTableSize).toBeGreaterThan(0);
    expect(status.announcement.last?.peers).toBeGreaterThan(0);

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain(`waymark_node_info{version=`);
    expect(text).toContain('waymark_node_registration{verdict="Trusted"} 1');
    expect(text).toContain('waymark_node_announcements_total{result="success"} 1');
    expect(text).toMatch(/^waymark_node_dht_routing_table_size [1-9]/m);
    expect(text).toMatch(/^libp2p_/m);
    expect(text).toContain("process_cpu_user_seconds_total");

    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  it("answers /healthz with 503 once it is stopping", async () => {
    const node = await start(await dirs.make());
    const base = node.statusUrl!;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const stopping = node.stop();
    expect(node.state).toBe("stopping");
    await stopping;
    expect(node.state).toBe("stopped");
    await expectRejectsNamed(fetch(`${base}/healthz`), "TypeError");
  });

  it("refuses to share a data directory with a running node", async () => {
    const dataDir = await dirs.make();
    await start(dataDir);
    await expectRejectsNamed(
      startNode(testNodeConfig(world.current.address, world.current.chain.rpcUrl, dataDir), {
        logger: memoryLogger().logger,
      }),
      "DataDirLockedError",
    );
  });

  it("fails to start without a key, naming the problem", async () => {
    await expectRejectsNamed(
      startNode(testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make()), {
        logger: memoryLogger().logger,
      }),
      "KeyFileNotFoundError",
    );
  });
});
