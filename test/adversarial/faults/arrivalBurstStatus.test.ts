import { describe, expect, it } from "vitest";

import type { NodeStatus } from "../../../node/status/nodeStatus.js";
import { ARRIVALS, HANDSHAKES_AT_ONCE, useArrivalBurst } from "../helpers/arrivalBurst.js";

/** A queue too short for the burst. */
const SHORT_QUEUE = 4;

/** The outcome of one burst: dials that failed, and the node's `/status` and `/metrics` after it. */
interface Burst {
  connected: number;
  failed: Error[];
  status: NodeStatus;
  metrics: string;
}

describe("/status and /metrics after a burst of arrivals at a node with few handshake slots", () => {
  const arrive = useArrivalBurst();

  async function burstAt(inboundConnectionQueue: number): Promise<Burst> {
    const { node, failed } = await arrive({ inboundConnectionQueue });
    const status = (await (await fetch(`${node.statusUrl!}/status`)).json()) as NodeStatus;
    const metrics = await (await fetch(`${node.statusUrl!}/metrics`)).text();
    return { connected: ARRIVALS - failed.length, failed, status, metrics };
  }

  function report(label: string, burst: Burst): void {
    // Partial: a node without the block must still print what it saw.
    const h = (burst.status as Partial<NodeStatus>).handshakes;
    const figures =
      h === undefined || h === null
        ? String(h)
        : `${h.admitted} admitted, ${h.waited} waited, at most ${h.highestQueued} queued at once, ` +
          `${h.queued} queued now, ${h.running} running, ${h.refused} refused`;
    console.log(
      `arrival burst ${label}: ${ARRIVALS} clients dialled at once a node with ${HANDSHAKES_AT_ONCE} handshakes at a time: ` +
        `${burst.connected} connected, ${burst.failed.length} failed; /status handshakes: ${figures}`,
    );
  }

  it("counts the arrivals that waited and the most queued at once, and refuses none while the queue has room", async () => {
    const burst = await burstAt(2_048);
    report("(queue 2048)", burst);

    expect(burst.failed.map((err) => `${err.name}: ${err.message}`)).toEqual([]);
    const h = burst.status.handshakes;
    expect(h).not.toBeNull();
    expect(h).toMatchObject({ admitted: ARRIVALS, queued: 0, running: 0, refused: 0 });
    expect(h!.waited).toBeGreaterThan(0);
    expect(h!.waited).toBeLessThanOrEqual(ARRIVALS - HANDSHAKES_AT_ONCE);
    expect(h!.highestQueued).toBeGreaterThan(0);
    expect(h!.highestQueued).toBeLessThanOrEqual(h!.waited);
    expect(burst.metrics).toMatch(/^waymark_node_handshakes_refused_total 0$/m);
    expect(burst.metrics).toMatch(new RegExp(`^waymark_node_handshakes_admitted_total ${ARRIVALS}$`, "m"));
    expect(burst.metrics).toMatch(
      new RegExp(`^waymark_node_handshakes_queued_highest ${h!.highestQueued}$`, "m"),
    );
  });

  it("counts every arrival it refuses because the queue is full", async () => {
    const burst = await burstAt(SHORT_QUEUE);
    report(`(queue ${SHORT_QUEUE})`, burst);

    const h = burst.status.handshakes;
    expect(h).not.toBeNull();
    expect(h!.refused).toBeGreaterThan(0);
    expect(h!.highestQueued).toBeLessThanOrEqual(SHORT_QUEUE);
    // Every failed dial is one the queue refused and counted, and every other one was admitted.
    expect(h!.refused).toBe(burst.failed.length);
    expect(h!.admitted).toBe(burst.connected);
    expect(burst.metrics).toMatch(new RegExp(`^waymark_node_handshakes_refused_total ${h!.refused}$`, "m"));
  });
});
