import { peerIdFromString } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { CLIENT_DEFAULTS } from "../../../client/options/index.js";
import { suspendProvider } from "../../../client/actions/registry/curation.js";
import { TestNetwork } from "../../client/network.js";

interface Sent {
  startedAt: number;
  ackedAt: number;
  server: string;
}

describe("revocation while connected", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("stops sending through a node within one registry poll of its provider's suspension, without a failed send", async () => {
    const doomed = await network.addProvider();
    const other = await network.addProvider();
    const doomedNodes = [
      await network.startNode({ providerId: doomed, mail: true }),
      await network.startNode({ providerId: doomed, mail: true }),
    ];
    await network.startNode({ providerId: other, mail: true });
    await network.startNode({ providerId: other, mail: true });
    const doomedIds = new Set(doomedNodes.map((node) => node.peerId));
    // The documented default: the client polls the registry's events every 2 s.
    const intervalMs = CLIENT_DEFAULTS.watchIntervalMs;
    const client = await network.createClient({ watchIntervalMs: intervalMs });

    // Select one of the doomed provider's nodes, as an unlucky user would have.
    let selected = await client.select();
    for (let i = 0; i < 50 && !doomedIds.has(selected.server.peerId); i++)
      selected = await client.select({ reselect: true });
    expect(doomedIds.has(selected.server.peerId)).toBe(true);

    let revokedAt: number | undefined;
    let revoked: string | undefined;
    client.addEventListener("server:revoked", (event) => {
      if (!event.detail.wasSelected || revokedAt !== undefined) return;
      revokedAt = Date.now();
      revoked = event.detail.server.peerId;
    });
    const serverFailures: string[] = [];
    client.addEventListener("server:failed", (event) => serverFailures.push(event.detail.error.name));
    const sent: Sent[] = [];
    const failures: Error[] = [];
    const sending = new AbortController();
    const sender = (async () => {
      for (let n = 0; !sending.signal.aborted; n++) {
        const startedAt = Date.now();
        try {
          const { server } = await client.send("/revocation", `message ${n}`);
          sent.push({ startedAt, ackedAt: Date.now(), server: server.peerId });
        } catch (err) {
          failures.push(err as Error);
        }
        // 10 a second: within a peer's push rate, so the selection only changes by revocation.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await suspendProvider(network.curator, doomed, 1);
    const suspendedAt = Date.now();
    const deadline = suspendedAt + 2 * intervalMs + 2_000;
    while (revokedAt === undefined && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    sending.abort();
    await sender;

    const lateThroughDoomed = sent.filter((s) => doomedIds.has(s.server) && s.ackedAt > suspendedAt);
    const afterRevocation = sent.filter((s) => revokedAt !== undefined && s.startedAt > revokedAt);
    console.log(
      `revocation: provider suspended (transaction mined) at t0; the client dropped its node after ${revokedAt === undefined ? "never" : revokedAt - suspendedAt} ms ` +
        `(poll interval ${intervalMs} ms); ${lateThroughDoomed.length} sends were still acknowledged by the suspended provider's nodes after t0, ` +
        `${afterRevocation.length} sends after the drop all went elsewhere; ${failures.length} sends failed of ${sent.length + failures.length}`,
    );
    expect(revokedAt).toBeDefined();
    expect(revoked).toBe(selected.server.peerId);
    expect(serverFailures).toEqual([]);
    expect(revokedAt! - suspendedAt).toBeLessThanOrEqual(2 * intervalMs + 2_000);
    expect(afterRevocation.length).toBeGreaterThan(0);
    expect(afterRevocation.filter((s) => doomedIds.has(s.server))).toEqual([]);
    expect(failures).toEqual([]);
    // The connections in use were closed when the node was dropped (the DHT may dial it again).
    const kept = client.host
      .getConnections(peerIdFromString(selected.server.peerId))
      .filter((connection) => connection.timeline.open < revokedAt!);
    expect(kept.map((connection) => connection.id)).toEqual([]);
    for (let i = 0; i < 10; i++)
      expect(doomedIds.has((await client.select({ reselect: true })).server.peerId)).toBe(false);
  });
});
