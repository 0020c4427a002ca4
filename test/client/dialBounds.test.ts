import type { Libp2p } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { CONNECTION_DEFAULTS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { CLIENT_DEFAULTS } from "../../client/options/index.js";
import { probeCandidates } from "../../client/selection/probe.js";
import { hungEntryPoint } from "../helpers/entryPoints.js";
import { useHostsAndListeners } from "../helpers/hostsAndListeners.js";

/** A caller's bound longer than libp2p's per-address one. */
const REQUEST_BOUND_MS = CLIENT_DEFAULTS.requestTimeoutMs;

describe("how long a client waits for a node that does not start its handshake", () => {
  const { hosts, servers } = useHostsAndListeners();

  /** A node's address whose listener accepts and never speaks, as a node whose queue holds the arrival. */
  async function heldAddress(): Promise<{ peerId: string; multiaddrs: string[] }> {
    const { peerId, multiaddr } = await hungEntryPoint(servers);
    return { peerId, multiaddrs: [multiaddr] };
  }

  async function client(): Promise<Libp2p<BaseServices>> {
    const host = await createWaymarkHost();
    hosts.push(host);
    return host;
  }

  it("gives up on one address after libp2p's 6 s, within a request's longer bound and past dialTimeoutMs", async () => {
    const host = await client();
    const held = await heldAddress();
    const started = performance.now();
    const error = await host
      .dial(multiaddr(held.multiaddrs[0]), { signal: AbortSignal.timeout(REQUEST_BOUND_MS) })
      .then(
        () => undefined,
        (err: unknown) => err as Error,
      );
    const waitedMs = performance.now() - started;
    console.log(
      `dial to a node holding the arrival: given up after ${Math.round(waitedMs)} ms ` +
        `(${error?.name ?? "no error"}); the caller allowed ${REQUEST_BOUND_MS} ms, dialTimeoutMs is ${CONNECTION_DEFAULTS.dialTimeoutMs}`,
    );
    expect(error).toBeDefined();
    expect(waitedMs).toBeGreaterThanOrEqual(5_900);
    expect(waitedMs).toBeLessThan(REQUEST_BOUND_MS - 1_000);
  });

  it("a selection probe gives up after probeTimeoutMs", async () => {
    const host = await client();
    const held = await heldAddress();
    const started = performance.now();
    const [result] = await probeCandidates(
      { host },
      { candidates: [held], timeoutMs: CLIENT_DEFAULTS.probeTimeoutMs },
    );
    const waitedMs = performance.now() - started;
    console.log(`probe of a node holding the arrival: unreachable after ${Math.round(waitedMs)} ms`);
    expect(result?.reachable).toBe(false);
    expect(waitedMs).toBeGreaterThanOrEqual(CLIENT_DEFAULTS.probeTimeoutMs - 100);
    expect(waitedMs).toBeLessThan(CLIENT_DEFAULTS.probeTimeoutMs + 1_000);
  });
});
