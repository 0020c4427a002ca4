import { describe, expect, it } from "vitest";

import { joinNetwork } from "../../client/discovery/joinNetwork.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { hungEntryPoint, liveEntryPoint } from "../helpers/entryPoints.js";
import { useHostsAndListeners } from "../helpers/hostsAndListeners.js";

/** Longer than any test: a dial into the blackhole never ends within one. */
const NEVER_MS = 3_600_000;

describe("joinNetwork with an entry point cut off by a partition", () => {
  const { hosts, servers } = useHostsAndListeners();

  it("returns once a reachable entry point answered, without waiting for the hung dial", async () => {
    const live = await liveEntryPoint(hosts);
    const cutOff = await hungEntryPoint(servers);
    const client = await createWaymarkHost({
      connectionManager: { ...LOOPBACK_CONNECTION_SETTINGS, dialTimeoutMs: NEVER_MS },
    });
    hosts.push(client);
    const reached = await joinNetwork(client, {
      peers: [live, cutOff.multiaddr],
      dials: 2,
    });
    const pending = client.getDialQueue().length;
    console.log(
      `joinNetwork with a cut-off entry point: ${reached} reached, ${pending} dial(s) still pending`,
    );
    expect(reached).toBe(1);
    expect(pending).toBe(1);
  });
});
