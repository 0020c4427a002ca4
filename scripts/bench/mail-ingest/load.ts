import { setTimeout } from "node:timers/promises";

import type { PeerId } from "@libp2p/interface";

import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import type { LoadClient } from "../lib/loadClient.js";

/** Size of every pushed payload: 1 KiB. */
export const PAYLOAD_BYTES = 1_024;

/** What a closed-loop push run measured. */
export interface PushRun {
  /** Wall-clock time of the run, in ms. */
  readonly elapsedMs: number;
  /** Pushes acknowledged (committed by the node). */
  readonly acknowledged: number;
  /** Pushes that failed. */
  readonly errors: number;
  /** The name of the first error, if any. */
  readonly firstError: string | undefined;
  /** Latency of each acknowledged push, from sending to the acknowledgement, in ms. */
  readonly latenciesMs: number[];
}

/** How long a client pauses after a failed push before the next one. */
const ERROR_PAUSE_MS = 10;

let sequence = 0;

/**
 * A distinct 1 KiB payload: a running counter in the first bytes, so no two pushes share an id.
 *
 * @returns The payload.
 */
export function uniquePayload(): Uint8Array {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  const view = new DataView(payload.buffer);
  view.setFloat64(0, Date.now());
  view.setUint32(8, sequence++);
  view.setUint32(12, process.pid);
  return payload;
}

/**
 * Closed loop: every client pushes one envelope, waits for its acknowledgement, and pushes the
 * next, until the time is up; each client has one push in flight.
 *
 * @param clients - The clients, each with its connection to the node.
 * @param node - The node's peer id.
 * @param durationMs - How long to keep pushing.
 * @returns Acknowledgements, errors and latencies.
 */
export async function pushFor(
  clients: readonly LoadClient[],
  node: PeerId,
  durationMs: number,
): Promise<PushRun> {
  const started = performance.now();
  const end = started + durationMs;
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    clients.map(async (client, index) => {
      const topic = `/bench/ingest/${index}`;
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await pushEnvelope(client.connection, node, { topic, payload: uniquePayload() });
          latenciesMs.push(performance.now() - sent);
        } catch (err) {
          errors += 1;
          firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          // A client whose connection is gone fails at once: do not spin.
          await setTimeout(ERROR_PAUSE_MS);
        }
      }
    }),
  );
  return {
    elapsedMs: performance.now() - started,
    acknowledged: latenciesMs.length,
    errors,
    firstError,
    latenciesMs,
  };
}
