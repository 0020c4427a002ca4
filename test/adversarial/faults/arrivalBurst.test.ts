import { describe, expect, it } from "vitest";

import { ARRIVALS, HANDSHAKES_AT_ONCE, useArrivalBurst } from "../helpers/arrivalBurst.js";

describe("a burst of arrivals at a node with few handshake slots", () => {
  const arrive = useArrivalBurst();

  it("queues the arrivals beyond the handshake limit: every client connects and is answered, none is refused", async () => {
    const { node, address, clients, failed } = await arrive();
    const rtts = await Promise.allSettled(clients.map(async (client) => client.services.ping.ping(address)));
    const answered = rtts.filter((rtt) => rtt.status === "fulfilled").length;

    console.log(
      `arrival burst: ${ARRIVALS} clients dialled at once a node with ${HANDSHAKES_AT_ONCE} handshakes at a time: ` +
        `${ARRIVALS - failed.length} connected, ${failed.length} failed` +
        `${failed[0] === undefined ? "" : ` (first: ${failed[0].name}: ${failed[0].message})`}, ${answered} answered a ping; ` +
        `the node holds ${node.libp2p.getConnections().length} connections`,
    );
    expect(failed.map((err) => `${err.name}: ${err.message}`)).toEqual([]);
    expect(answered).toBe(ARRIVALS);
    expect(node.libp2p.getConnections()).toHaveLength(ARRIVALS);
  });
});
