import { setTimeout } from "node:timers/promises";

import type { Connection, PeerId } from "@libp2p/interface";

import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistory } from "../../../client/mail/protocol/queryHistory.js";
import { uniquePayload } from "../mail-ingest/load.js";

/** A node as the measuring client sees it: its peer id and the client's connection to it. */
export interface NodeLink {
  readonly peer: PeerId;
  readonly connection: Connection;
}

/** One envelope's way to every node. */
export interface LagSample {
  /** Push to acknowledgement on the first node, in ms. */
  readonly ackMs: number;
  /** For each other node, acknowledgement to the first query that returns the envelope, in ms. */
  readonly lagsMs: number[];
}

/** Pause between two queries to the same node while waiting for an envelope. */
const POLL_PAUSE_MS = 2;

/** How long a sample waits for the envelope on a node before it counts as lost. */
const GIVE_UP_MS = 30_000;

/**
 * Pushes one envelope (under a topic of its own) to `origin` and, from its acknowledgement, asks
 * every other node for that topic (again 2 ms after each answer) until the envelope is there.
 *
 * @param nodes - Every node.
 * @param origin - Index of the node pushed to.
 * @param topic - A topic used for nothing else.
 * @returns The acknowledgement time and each other node's lag.
 * @throws Error when a node does not have the envelope within 30 s.
 */
export async function measureLag(
  nodes: readonly NodeLink[],
  origin: number,
  topic: string,
): Promise<LagSample> {
  const first = nodes[origin];
  if (first === undefined) throw new Error(`no node ${origin}`);
  const sent = performance.now();
  await pushEnvelope(first.connection, first.peer, { topic, payload: uniquePayload() });
  const acknowledged = performance.now();
  const lagsMs = await Promise.all(
    nodes
      .filter((_, index) => index !== origin)
      .map(async (node) => {
        for (;;) {
          const page = await queryHistory(node.connection, node.peer, { topics: [topic], pageSize: 1 });
          const now = performance.now();
          if (page.envelopes.length > 0) return now - acknowledged;
          if (now - acknowledged > GIVE_UP_MS)
            throw new Error(`${topic} never reached ${node.peer.toString()}`);
          await setTimeout(POLL_PAUSE_MS);
        }
      }),
  );
  return { ackMs: acknowledged - sent, lagsMs };
}

/** Pushes one background client keeps in flight per node at most: the node's per-peer stream limit. */
const BACKGROUND_IN_FLIGHT = 8;

/** What the background traffic did. */
export interface BackgroundTraffic {
  readonly acknowledged: number;
  readonly errors: number;
  /** Pushes not sent because the node still had the maximum in flight from this client. */
  readonly skipped: number;
}

/**
 * Pushes envelopes round-robin to the nodes at a steady rate until `signal` aborts: background
 * traffic that replication has to carry while the lag is measured. It runs over connections of
 * its own, and never has more than 8 pushes in flight to one node.
 *
 * @param nodes - Every node, over the background client's connections.
 * @param perSecond - Pushes per second, all nodes together.
 * @param signal - Ends the traffic.
 * @returns What was acknowledged, failed and skipped.
 */
export async function backgroundTraffic(
  nodes: readonly NodeLink[],
  perSecond: number,
  signal: AbortSignal,
): Promise<BackgroundTraffic> {
  const intervalMs = 1000 / perSecond;
  const inFlight = nodes.map(() => 0);
  const pending = new Set<Promise<void>>();
  let acknowledged = 0;
  let errors = 0;
  let skipped = 0;
  let next = performance.now();
  for (let i = 0; !signal.aborted; i++) {
    const index = i % nodes.length;
    const node = nodes[index];
    if (node === undefined) break;
    if ((inFlight[index] ?? 0) >= BACKGROUND_IN_FLIGHT) {
      skipped += 1;
    } else {
      inFlight[index] = (inFlight[index] ?? 0) + 1;
      const push: Promise<void> = pushEnvelope(node.connection, node.peer, {
        topic: "/bench/replication/background",
        payload: uniquePayload(),
      })
        .then(() => {
          acknowledged += 1;
        })
        .catch(() => {
          errors += 1;
        })
        .finally(() => {
          inFlight[index] = (inFlight[index] ?? 1) - 1;
          pending.delete(push);
        });
      pending.add(push);
    }
    next += intervalMs;
    const wait = next - performance.now();
    if (wait > 0) await setTimeout(wait, undefined, { signal }).catch(() => undefined);
  }
  await Promise.allSettled([...pending]);
  return { acknowledged, errors, skipped };
}
