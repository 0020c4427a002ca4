import { describe, expect, it } from "vitest";

import { CLIENT_CONNECTION_MONITOR } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { CLIENT_DEFAULTS, CLIENT_OPTIONS, resolveClientOptions } from "../../client/options/index.js";
import { libp2pMonitorOf } from "../helpers/libp2pMonitor.js";
import { REQUIRED_CLIENT_OPTIONS, optionRefusal } from "../helpers/optionRefusal.js";

describe("the client option table", () => {
  it("gives every table option its default", () => {
    const resolved = resolveClientOptions(REQUIRED_CLIENT_OPTIONS);
    expect(Object.keys(CLIENT_DEFAULTS)).toEqual(Object.keys(CLIENT_OPTIONS));
    for (const [key, value] of Object.entries(CLIENT_DEFAULTS)) {
      expect(resolved[key as keyof typeof CLIENT_DEFAULTS], key).toEqual(value);
    }
  });

  it("refuses a value of the wrong kind, naming the option and the value", () => {
    expect(optionRefusal({ watchRegistry: "yes" as unknown as boolean })).toMatchObject({
      name: "ConfigurationError",
      message: '`watchRegistry` must be true or false, not "yes"',
    });
    expect(optionRefusal({ latencySlackMs: -1 })).toMatchObject({
      name: "ConfigurationError",
      message: "`latencySlackMs` must be a number at least 0, not -1",
    });
    expect(optionRefusal({ probeCount: 5n as unknown as number })).toMatchObject({
      message: "`probeCount` must be a number above 0, not 5n",
    });
  });

  it("has the client's host ping its connections every 60 s, not libp2p's 10 s, unless told otherwise", async () => {
    const resolved = resolveClientOptions(REQUIRED_CLIENT_OPTIONS);
    expect(resolved.hostInit.connectionMonitor).toEqual(CLIENT_CONNECTION_MONITOR);
    const host = await createWaymarkHost({ ...resolved.hostInit, start: false });
    // The host's own monitor, in place of libp2p's.
    expect(host.services.spreadConnectionMonitor?.settings.pingIntervalMs).toBe(60_000);
    expect(host.services.spreadConnectionMonitor?.settings.pingTimeoutMs).toBe(30_000);
    expect(libp2pMonitorOf(host)).toBeUndefined();
    await host.stop();
    const told = resolveClientOptions({
      ...REQUIRED_CLIENT_OPTIONS,
      hostInit: { connectionMonitor: { pingIntervalMs: 5_000 } },
    });
    expect(told.hostInit.connectionMonitor).toEqual({ pingIntervalMs: 5_000 });
  });
});
