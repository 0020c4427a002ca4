import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { MemoryDatastore } from "datastore-core";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { parseNodeConfig } from "../../../node/config/resolve.js";
import { heardFrom } from "../../../client/kernel/p2p/connectionActivity.js";
import { createNodeHost } from "../../../node/host/createNodeHost.js";
import type { SpreadConnectionMonitorInit } from "../../../client/kernel/p2p/spreadConnectionMonitor.js";
import {
  PING_PROTOCOL,
  SpreadConnectionMonitor,
  spreadConnectionMonitor,
} from "../../../client/kernel/p2p/spreadConnectionMonitor.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import { useTempDirs } from "../../helpers/hooks.js";
import { libp2pMonitorOf } from "../../helpers/libp2pMonitor.js";
import { memoryLogger, testNodeConfig } from "../helpers/fixtures.js";

type MonitoredHost = Libp2p<BaseServices & { monitor: SpreadConnectionMonitor }>;

describe("a node's connection monitor, pinging spread out", () => {
  const hosts: Libp2p[] = [];
  const dirs = useTempDirs("waymark-node-test-");

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function monitoredHost(init: SpreadConnectionMonitorInit): Promise<MonitoredHost> {
    const host = await createWaymarkHost<{ monitor: SpreadConnectionMonitor }>({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      connectionMonitor: { enabled: false },
      services: { monitor: spreadConnectionMonitor(init) },
    });
    hosts.push(host);
    return host;
  }

  async function peer(): Promise<Libp2p<BaseServices>> {
    // Without libp2p's monitor, so that only the monitored host pings.
    const host = await createWaymarkHost({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      connectionMonitor: { enabled: false },
    });
    hosts.push(host);
    return host;
  }

  it("pings every connection with at most the bound under way, though all fall due at once", async () => {
    const node = await monitoredHost({
      pingIntervalMs: 200,
      pingTimeoutMs: 5_000,
      maxPingsInFlight: 2,
      checkIntervalMs: 50,
    });
    const peers = await Promise.all(Array.from({ length: 12 }, async () => peer()));
    await Promise.all(peers.map(async (one) => one.dial(node.getMultiaddrs()[0]!)));

    await waitFor(() => node.services.monitor.figures.answered >= 36);
    const { peakInFlight, closed } = node.services.monitor.figures;
    expect(peakInFlight).toBeGreaterThan(0);
    expect(peakInFlight).toBeLessThanOrEqual(2);
    expect(closed).toBe(0);
    expect(node.getConnections()).toHaveLength(12);
    for (const connection of node.getConnections()) expect(connection.rtt).toBeGreaterThanOrEqual(0);
  });

  it("closes the connection of a peer that never answers its ping, and only that one", async () => {
    const node = await monitoredHost({
      pingIntervalMs: 100,
      pingTimeoutMs: 500,
      maxPingsInFlight: 8,
      checkIntervalMs: 20,
    });
    const healthy = await peer();
    const silent = await peer();
    // The silent peer takes ping streams and never echoes.
    await silent.unhandle(PING_PROTOCOL);
    await silent.handle(PING_PROTOCOL, () => undefined, { runOnLimitedConnection: true });
    await healthy.dial(node.getMultiaddrs()[0]!);
    await silent.dial(node.getMultiaddrs()[0]!);

    await waitFor(() => node.services.monitor.figures.closed === 1);
    await waitFor(() => silent.getConnections(node.peerId).length === 0);
    expect(node.getConnections(healthy.peerId)).toHaveLength(1);
    expect(node.services.monitor.figures.closed).toBe(1);
  });

  it("does not ping a peer heard from within the interval, and pings it once it goes quiet", async () => {
    const node = await monitoredHost({
      pingIntervalMs: 200,
      pingTimeoutMs: 5_000,
      maxPingsInFlight: 8,
      checkIntervalMs: 20,
    });
    const client = await peer();
    await client.dial(node.getMultiaddrs()[0]!);
    await waitFor(() => node.getConnections(client.peerId).length === 1);
    const [connection] = node.getConnections(client.peerId);
    // The peer sends a request every 50 ms for four intervals.
    const speaking = setInterval(() => {
      heardFrom(connection!);
    }, 50);
    const openedAt = Date.now();
    try {
      await waitFor(() => Date.now() - openedAt > 800);
    } finally {
      clearInterval(speaking);
    }
    const { answered, skipped } = node.services.monitor.figures;
    expect(answered).toBe(0);
    expect(skipped).toBeGreaterThanOrEqual(2);

    await waitFor(() => node.services.monitor.figures.answered >= 1);
    expect(node.getConnections(client.peerId)).toHaveLength(1);
  });

  it("keeps the connection of a peer that does not speak ping: it negotiated, so it is there", async () => {
    const node = await monitoredHost({
      pingIntervalMs: 100,
      pingTimeoutMs: 500,
      maxPingsInFlight: 8,
      checkIntervalMs: 20,
    });
    const without = await peer();
    await without.unhandle(PING_PROTOCOL);
    await without.dial(node.getMultiaddrs()[0]!);

    const openedAt = Date.now();
    // Several intervals pass.
    await waitFor(() => Date.now() - openedAt > 600);
    expect(node.services.monitor.figures.closed).toBe(0);
    expect(node.getConnections(without.peerId)).toHaveLength(1);
  });

  it("is the node host's monitor, in place of libp2p's, with its figures in the node's metrics", async () => {
    const dataDir = await dirs.make();
    const registry = new Registry();
    const { host: node } = await createNodeHost({
      config: parseNodeConfig(
        testNodeConfig("0x0000000000000000000000000000000000000001", "http://127.0.0.1:1", dataDir),
      ),
      privateKey: await generateKeyPair("secp256k1"),
      datastore: new MemoryDatastore(),
      metricsRegistry: registry,
      dataDir,
      logger: memoryLogger().logger,
      services: {},
    });
    hosts.push(node);
    expect(node.services.spreadConnectionMonitor).toBeInstanceOf(SpreadConnectionMonitor);
    expect(libp2pMonitorOf(node)).toBeUndefined();
    // Its figures are the node's metrics.
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/^waymark_node_pings_in_flight 0$/m);
    expect(metrics).toMatch(/^waymark_node_pings_answered_total 0$/m);
    expect(metrics).toMatch(/^waymark_node_pings_skipped_total 0$/m);
    expect(metrics).toMatch(/^waymark_node_connections_closed_by_ping_total 0$/m);
  });
});
