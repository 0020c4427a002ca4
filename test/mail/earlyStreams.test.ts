import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { ConnectionGater, Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { LOOPBACK_CONNECTION_SETTINGS, MAX_EARLY_STREAMS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { mailService } from "../../node/mail/index.js";
import { errorChain } from "../helpers/errors.js";
import type { MailHost } from "./helpers.js";

/**
 * Milliseconds the node spends between setting up a connection's multiplexer and accepting streams
 * on it. A loaded machine takes a moment there; the pause makes every request a client sends the
 * moment it connects arrive inside that window.
 */
const SLOW_UPGRADE_MS = 200;

/** Requests a client sends at once; the muxer's own default allowed 10 before the node is ready. */
const BURST = 32;

/** A gater that accepts everyone, slowly. */
const slowUpgrade: ConnectionGater = {
  denyInboundUpgradedConnection: async () => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_UPGRADE_MS));
    return false;
  },
};

describe("requests sent the moment a connection opens", () => {
  const hosts: Libp2p[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await Promise.all(dirs.splice(0).map(async (dir) => rm(dir, { recursive: true, force: true })));
  });

  async function slowNode(): Promise<MailHost> {
    const dir = await mkdtemp(join(tmpdir(), "waymark-early-"));
    dirs.push(dir);
    const host = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      connectionGater: slowUpgrade,
      services: {
        mail: mailService({
          path: join(dir, "mail.sqlite"),
          maxStreamsPerPeer: 1_024,
          pushBurst: 1_000,
          pushesPerSecond: 1_000,
        }),
      },
    });
    hosts.push(host);
    return host;
  }

  async function client(): Promise<Libp2p> {
    const host = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(host);
    return host;
  }

  async function pushAtOnce(from: Libp2p, node: MailHost, count: number, tag: string): Promise<string[]> {
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, async (_, n) =>
        pushEnvelope(from, node.getMultiaddrs(), {
          topic: "/early",
          payload: new TextEncoder().encode(`${tag} ${n}`),
        }),
      ),
    );
    return outcomes.map((outcome) =>
      outcome.status === "fulfilled" ? "acknowledged" : errorChain(outcome.reason),
    );
  }

  it(`are all served when a client opens ${BURST} streams before the node is ready`, async () => {
    const node = await slowNode();
    const outcomes = await pushAtOnce(await client(), node, BURST, "burst");
    expect(outcomes).toEqual(Array.from({ length: BURST }, () => "acknowledged"));
  });

  it("go through a fresh connection after the node reset the last one for too many early streams", async () => {
    const node = await slowNode();
    const sender = await client();
    // One stream more than the node holds before it is ready: it resets that connection.
    const burst = await pushAtOnce(sender, node, MAX_EARLY_STREAMS + 1, "too many");
    expect(burst.filter((outcome) => outcome !== "acknowledged").length).toBeGreaterThan(0);
    // libp2p still lists the connection as open, but it can no longer carry streams: the next
    // request must be sent on a new connection.
    expect(await pushAtOnce(sender, node, 1, "after")).toEqual(["acknowledged"]);
  });
});
