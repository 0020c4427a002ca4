import type { Libp2p } from "@libp2p/interface";
import { byteStream, lpStream } from "@libp2p/utils";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { PING_PROTOCOL } from "../../../client/kernel/p2p/spreadConnectionMonitor.js";
import type { RoundTripErrors } from "../../../client/kernel/protocol/roundTrip.js";
import { requestResponse } from "../../../client/kernel/protocol/roundTrip.js";
import { waitFor } from "../../../scripts/kit/wait.js";

const ECHO_PROTOCOL = "/waymark-test/echo/1.0.0";
const ERRORS: RoundTripErrors = {
  timeout: (message, cause) => new Error(message, { cause }),
  unreachable: (message, cause) => new Error(message, { cause }),
  unsupported: (message, cause) => new Error(message, { cause }),
  badResponse: (message, cause) => new Error(message, { cause }),
  connectionLost: (message, cause) => new Error(message, { cause }),
};

describe("a client host's connection monitor", () => {
  const hosts: Libp2p[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  /** A server that echoes one request frame per stream and counts the pings it is sent. */
  async function countingServer(): Promise<{ host: Libp2p<BaseServices>; pings: { count: number } }> {
    const host = await createWaymarkHost({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      connectionMonitor: { enabled: false },
    });
    hosts.push(host);
    const pings = { count: 0 };
    await host.unhandle(PING_PROTOCOL);
    await host.handle(
      PING_PROTOCOL,
      async (stream) => {
        pings.count += 1;
        const bytes = byteStream(stream);
        await bytes.write(await bytes.read({ bytes: 32 }));
        await stream.close();
      },
      { runOnLimitedConnection: true },
    );
    await host.handle(ECHO_PROTOCOL, async (stream) => {
      const lp = lpStream(stream);
      await lp.write(await lp.read());
      await stream.close();
    });
    return { host, pings };
  }

  it("does not ping a node that answers its requests, and pings it once they stop", async () => {
    const server = await countingServer();
    const client = await createWaymarkHost({
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      connectionMonitor: { pingIntervalMs: 200, pingTimeoutMs: 5_000, checkIntervalMs: 20 },
    });
    hosts.push(client);
    const connection = await client.dial(server.host.getMultiaddrs()[0]!);

    // A request answered every 50 ms for four intervals.
    const startedAt = Date.now();
    while (Date.now() - startedAt < 800) {
      const { frame } = await requestResponse(connection, server.host.peerId, {
        protocols: [ECHO_PROTOCOL],
        request: new Uint8Array([1, 2, 3]),
        timeoutMs: 5_000,
        maxResponseFrameBytes: 16,
        errors: ERRORS,
        what: "echo",
      });
      expect([...frame.subarray()]).toEqual([1, 2, 3]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const monitor = client.services.spreadConnectionMonitor!;
    expect(server.pings.count).toBe(0);
    expect(monitor.figures.skipped).toBeGreaterThanOrEqual(2);

    // Quiet now: pinged within an interval or so, and the connection kept.
    await waitFor(() => server.pings.count >= 1);
    await waitFor(() => monitor.figures.answered >= 1);
    expect(client.getConnections(server.host.peerId)).toHaveLength(1);
  });

  it("runs no monitor when told not to", async () => {
    const host = await createWaymarkHost({ connectionMonitor: { enabled: false }, start: false });
    hosts.push(host);
    expect(host.services.spreadConnectionMonitor).toBeUndefined();
  });
});
