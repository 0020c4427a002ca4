import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PeerId, PeerStore } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { ReplicationPeers } from "../../node/replication/peers.js";
import { waitFor } from "../../scripts/kit/wait.js";

const SYNC = "/waymark-test/sync/1.0.0";

async function newPeerId(): Promise<PeerId> {
  return peerIdFromPrivateKey(await generateKeyPair("Ed25519"));
}

/**
 * Where replication candidates come from: the peer store is read once, at start (it holds every
 * client that ever connected, and decoding them all held a node with 10,000 sessions for seconds);
 * later candidates come from connections and the DHT.
 */
describe("replication peers from the peer store", () => {
  const hosts: Libp2p[] = [];
  const peersList: ReplicationPeers[] = [];
  afterEach(async () => {
    for (const peers of peersList.splice(0)) peers.stop();
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  it("reads the peer store once, at start, and checks the sync peers it holds", async () => {
    const host = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(host);
    // A server seen before (it speaks the sync protocol) and a client (it does not).
    const server = await newPeerId();
    const client = await newPeerId();
    await host.peerStore.merge(server, { protocols: [SYNC] });
    await host.peerStore.merge(client, { protocols: ["/waymark/mail/1.1.0"] });
    let reads = 0;
    const peerStore: Pick<PeerStore, "all"> = {
      all: async (query) => {
        reads += 1;
        return host.peerStore.all(query);
      },
    };
    const checked: string[] = [];
    const peers = new ReplicationPeers({
      self: host.peerId,
      syncProtocol: SYNC,
      registrar: host,
      peerStore,
      contentRouting: undefined,
      checkPeers: async (ids) => {
        checked.push(...ids.map(String));
        return Promise.resolve(
          ids.map(() => ({ allowed: true, reason: "Trusted", providerId: 1n, ownProvider: false })),
        );
      },
      serviceKey: undefined,
      refreshIntervalMs: 50,
      log: Object.assign(() => undefined, {
        enabled: false,
        trace: () => undefined,
        error: () => undefined,
        newScope: () => undefined as never,
      }),
    });
    peersList.push(peers);
    await peers.start();
    await waitFor(() => peers.known().length > 0);
    expect(checked).toEqual([server.toString()]);
    // Ten refresh intervals later, the store has still been read once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads).toBe(1);
  });
});
