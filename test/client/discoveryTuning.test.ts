import type { Server } from "node:net";
import { createServer } from "node:net";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, describe, expect, it } from "vitest";

import { JOIN_GRACE_MS, ROUTING_WAIT_MS } from "../../client/discovery/constants.js";
import { discover } from "../../client/discovery/discover.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { WaymarkClientOptions } from "../../client/options/index.js";
import { resolveClientOptions } from "../../client/options/index.js";
import { PROBE_STAGGER_MS } from "../../client/selection/constants.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const BASE = { rpcUrl: "http://127.0.0.1:8545", registry: REGISTRY };

/** A grace long enough to see in a discovery's duration, short enough for a test. */
const LONG_GRACE_MS = 1_500;

function refusal(options: Partial<WaymarkClientOptions>): Error {
  try {
    resolveClientOptions({ ...BASE, ...options });
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the options to be refused");
}

describe("discovery and selection tuning options", () => {
  it("default to the constants they replace", () => {
    const resolved = resolveClientOptions(BASE);
    expect(resolved).toMatchObject({
      joinGraceMs: JOIN_GRACE_MS,
      routingWaitMs: ROUTING_WAIT_MS,
      probeStaggerMs: PROBE_STAGGER_MS,
    });
    expect([JOIN_GRACE_MS, ROUTING_WAIT_MS, PROBE_STAGGER_MS]).toEqual([100, 1_000, 10]);
  });

  it("accept their bounds and refuse values beyond them, naming the option", () => {
    expect(
      resolveClientOptions({ ...BASE, joinGraceMs: 0, routingWaitMs: 10_000, probeStaggerMs: 0 }),
    ).toMatchObject({ joinGraceMs: 0, routingWaitMs: 10_000, probeStaggerMs: 0 });
    expect(refusal({ joinGraceMs: -1 })).toMatchObject({
      name: "ConfigurationError",
      message: "`joinGraceMs` must be a number at least 0 and at most 10000, not -1",
    });
    expect(refusal({ routingWaitMs: 10_001 })).toMatchObject({
      name: "ConfigurationError",
      message: "`routingWaitMs` must be a number at least 0 and at most 10000, not 10001",
    });
    expect(refusal({ probeStaggerMs: 1_001 })).toMatchObject({
      name: "ConfigurationError",
      message: "`probeStaggerMs` must be a number at least 0 and at most 1000, not 1001",
    });
    expect(refusal({ probeStaggerMs: Number.NaN })).toMatchObject({ name: "ConfigurationError" });
  });
});

describe("discover with an entry point cut off by a partition", () => {
  const hosts: Libp2p[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    for (const server of servers.splice(0)) server.close();
  });

  /** One discovery through a live entry point and a hung one; its duration in milliseconds. */
  async function discoveryMs(options: Partial<WaymarkClientOptions>): Promise<number> {
    const live = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(live);
    // A listener that accepts and never speaks: the dial hangs, as across a partition.
    const hole = createServer((socket) => socket.on("error", () => undefined));
    servers.push(hole);
    await new Promise<void>((resolve) => hole.listen(0, "127.0.0.1", resolve));
    const port = (hole.address() as { port: number }).port;
    const cutOff = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
    const client = await createWaymarkHost({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      dhtSkipInitialSelfQuery: true,
      dhtInitialSelfQueryDelayMs: 0,
    });
    hosts.push(client);
    const resolved = resolveClientOptions({
      ...BASE,
      bootstrap: [live.getMultiaddrs()[0]!.toString(), `/ip4/127.0.0.1/tcp/${port}/p2p/${cutOff}`],
      bootstrapDials: 2,
      registryBootstrap: false,
      discoveryTimeoutMs: 4_000,
      ...options,
    });
    const started = performance.now();
    await discover({
      host: client,
      registry: undefined,
      serviceKey: serviceKey({ chainId: 31_337, registry: REGISTRY, service: resolved.service }),
      options: resolved,
    });
    return performance.now() - started;
  }

  it("waits joinGraceMs for the hung entry point once the live one answered", async () => {
    const quick = await discoveryMs({ joinGraceMs: 0, routingWaitMs: 0 });
    const graced = await discoveryMs({ joinGraceMs: LONG_GRACE_MS, routingWaitMs: 0 });
    console.log(
      `discover with a cut-off entry point: ${Math.round(quick)} ms with joinGraceMs 0, ` +
        `${Math.round(graced)} ms with joinGraceMs ${LONG_GRACE_MS}`,
    );
    expect(quick).toBeLessThan(LONG_GRACE_MS);
    expect(graced).toBeGreaterThanOrEqual(LONG_GRACE_MS);
  });
});
