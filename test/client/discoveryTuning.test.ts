import { describe, expect, it } from "vitest";

import { JOIN_GRACE_MS, ROUTING_WAIT_MS } from "../../client/discovery/constants.js";
import { discover } from "../../client/discovery/discover.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { WaymarkClientOptions } from "../../client/options/index.js";
import { resolveClientOptions } from "../../client/options/index.js";
import { PROBE_STAGGER_MS } from "../../client/selection/constants.js";
import { REQUIRED_CLIENT_OPTIONS, optionRefusal } from "../helpers/optionRefusal.js";
import { hungEntryPoint, liveEntryPoint } from "../helpers/entryPoints.js";
import { useHostsAndListeners } from "../helpers/hostsAndListeners.js";

/** A grace long enough to see in a discovery's duration, short enough for a test. */
const LONG_GRACE_MS = 1_500;

describe("discovery and selection tuning options", () => {
  it("default to the constants they replace", () => {
    const resolved = resolveClientOptions(REQUIRED_CLIENT_OPTIONS);
    expect(resolved).toMatchObject({
      joinGraceMs: JOIN_GRACE_MS,
      routingWaitMs: ROUTING_WAIT_MS,
      probeStaggerMs: PROBE_STAGGER_MS,
    });
    expect([JOIN_GRACE_MS, ROUTING_WAIT_MS, PROBE_STAGGER_MS]).toEqual([100, 1_000, 50]);
  });

  it("accept their bounds and refuse values beyond them, naming the option", () => {
    expect(
      resolveClientOptions({
        ...REQUIRED_CLIENT_OPTIONS,
        joinGraceMs: 0,
        routingWaitMs: 10_000,
        probeStaggerMs: 0,
      }),
    ).toMatchObject({ joinGraceMs: 0, routingWaitMs: 10_000, probeStaggerMs: 0 });
    expect(optionRefusal({ joinGraceMs: -1 })).toMatchObject({
      name: "ConfigurationError",
      message: "`joinGraceMs` must be a number at least 0 and at most 10000, not -1",
    });
    expect(optionRefusal({ routingWaitMs: 10_001 })).toMatchObject({
      name: "ConfigurationError",
      message: "`routingWaitMs` must be a number at least 0 and at most 10000, not 10001",
    });
    expect(optionRefusal({ probeStaggerMs: 1_001 })).toMatchObject({
      name: "ConfigurationError",
      message: "`probeStaggerMs` must be a number at least 0 and at most 1000, not 1001",
    });
    expect(optionRefusal({ probeStaggerMs: Number.NaN })).toMatchObject({ name: "ConfigurationError" });
  });
});

describe("discover with an entry point cut off by a partition", () => {
  const { hosts, servers } = useHostsAndListeners();

  /** One discovery through a live entry point and a hung one; its duration in milliseconds. */
  async function discoveryMs(options: Partial<WaymarkClientOptions>): Promise<number> {
    const live = await liveEntryPoint(hosts);
    const cutOff = await hungEntryPoint(servers);
    const client = await createWaymarkHost({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      dhtSkipInitialSelfQuery: true,
      dhtInitialSelfQueryDelayMs: 0,
    });
    hosts.push(client);
    const resolved = resolveClientOptions({
      ...REQUIRED_CLIENT_OPTIONS,
      bootstrap: [live, cutOff.multiaddr],
      bootstrapDials: 2,
      registryBootstrap: false,
      discoveryTimeoutMs: 4_000,
      ...options,
    });
    const started = performance.now();
    await discover({
      host: client,
      registry: undefined,
      serviceKey: serviceKey({
        chainId: 31_337,
        registry: REQUIRED_CLIENT_OPTIONS.registry,
        service: resolved.service,
      }),
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
