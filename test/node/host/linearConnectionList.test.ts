import type { Connection, Libp2p } from "@libp2p/interface";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { allConnections, linearConnectionList } from "../../../node/host/linearConnectionList.js";
import { waitFor } from "../../../scripts/kit/wait.js";

describe("linearConnectionList", () => {
  const hosts: Libp2p<BaseServices>[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  it("lists every peer's connections in the connection manager's order", () => {
    const a = { id: "a1" } as unknown as Connection;
    const b1 = { id: "b1" } as unknown as Connection;
    const b2 = { id: "b2" } as unknown as Connection;
    const byPeer = new Map<string, Connection[]>([
      ["a", [a]],
      ["b", [b1, b2]],
      ["c", []],
    ]);
    expect(allConnections(byPeer)).toEqual([a, b1, b2]);
  });

  it("gives a node's host the same connections, in all and per peer, as it sees them open and close", async () => {
    const node = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      services: { connectionList: linearConnectionList() },
    });
    hosts.push(node);
    const clients = await Promise.all(
      Array.from({ length: 3 }, async () =>
        createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS }),
      ),
    );
    hosts.push(...clients);
    for (const client of clients) await client.dial(node.getMultiaddrs()[0]!);
    await waitFor(() => node.getConnections().length === clients.length);

    const ids = (connections: Connection[]): string[] =>
      connections.map((connection) => connection.id).sort();
    const perPeer = clients.flatMap((client) => node.getConnections(client.peerId));
    expect(ids(node.getConnections())).toEqual(ids(perPeer));
    expect(new Set(node.getConnections().map((connection) => connection.remotePeer.toString()))).toEqual(
      new Set(clients.map((client) => client.peerId.toString())),
    );
    expect(node.getPeers()).toHaveLength(clients.length);

    // Each call gets its own copy of the list: a caller that sorts or empties it changes nothing.
    node.getConnections().splice(0);
    expect(node.getConnections()).toHaveLength(clients.length);

    await clients[0]!.stop();
    await waitFor(() => node.getConnections().length === clients.length - 1);
    expect(node.getConnections(clients[0]!.peerId)).toHaveLength(0);

    // A connection the node dials itself is listed as well.
    const dialled = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(dialled);
    await node.dial(dialled.getMultiaddrs()[0]!);
    expect(node.getConnections().map((connection) => connection.remotePeer.toString())).toContain(
      dialled.peerId.toString(),
    );
    expect(node.getConnections()).toHaveLength(clients.length);
  });
});
