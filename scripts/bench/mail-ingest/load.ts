import { setTimeout } from "node:timers/promises";

import type { PeerId } from "@libp2p/interface";

import type { EnvelopeFields } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { pushEnvelopes } from "../../../client/mail/protocol/pushEnvelopes.js";
import type { ClosedLoopRun } from "../lib/closedLoop.js";
import type { LoadClient } from "../lib/loadClient.js";

/** Size of every pushed payload: 1 KiB. */
export const PAYLOAD_BYTES = 1_024;

/** What a closed-loop run measured; a failed request counts all the items it carried as errors. */
export interface PushRun extends ClosedLoopRun {
  /** Requests answered. */
  readonly requests: number;
}

/**
 * One request of a closed loop: sends, waits for the answer, and says how many of the items it
 * carried were acknowledged and how many refused (with the first refusal's text).
 */
export type LoadStep = (
  client: LoadClient,
  index: number,
) => Promise<{ acknowledged: number; refused: number; refusal?: string | undefined }>;

/** How long a client pauses after a failed request before the next one. */
const ERROR_PAUSE_MS = 10;

let sequence = 0;

/**
 * A distinct 1 KiB payload: a running counter in the first bytes, so no two pushes share an id.
 *
 * @returns The payload.
 */
export function uniquePayload(): Uint8Array<ArrayBuffer> {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  const view = new DataView(payload.buffer);
  view.setFloat64(0, Date.now());
  view.setUint32(8, sequence++);
  view.setUint32(12, process.pid);
  return payload;
}

/**
 * Closed loop: every client sends one request, waits for its answer, and sends the next, until the
 * time is up; each client has one request in flight.
 *
 * @param clients - The clients, each with its connection to the server.
 * @param durationMs - How long to keep sending.
 * @param step - One request.
 * @param perRequest - Items one request carries (counted as errors when it fails whole).
 * @returns Acknowledgements, errors and latencies.
 */
export async function runFor(
  clients: readonly LoadClient[],
  durationMs: number,
  step: LoadStep,
  perRequest = 1,
): Promise<PushRun> {
  const started = performance.now();
  const end = started + durationMs;
  const latenciesMs: number[] = [];
  let acknowledged = 0;
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    clients.map(async (client, index) => {
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          const answer = await step(client, index);
          latenciesMs.push(performance.now() - sent);
          acknowledged += answer.acknowledged;
          errors += answer.refused;
          firstError ??= answer.refusal;
        } catch (err) {
          errors += perRequest;
          firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          // A client whose connection is gone fails at once: do not spin.
          await setTimeout(ERROR_PAUSE_MS);
        }
      }
    }),
  );
  return {
    elapsedMs: performance.now() - started,
    requests: latenciesMs.length,
    acknowledged,
    errors,
    firstError,
    latenciesMs,
  };
}

/**
 * Pushes of 1 KiB envelopes to a mail node: one envelope per push, or `perPush` per push of
 * several (`pushEnvelopes`), each client on its own topic.
 *
 * @param node - The node's peer id.
 * @param perPush - Envelopes per push.
 * @returns The step.
 */
export function pushStep(node: PeerId, perPush: number): LoadStep {
  if (perPush === 1) {
    return async (client, index) => {
      await pushEnvelope(client.connection, node, { topic: topicOf(index), payload: uniquePayload() });
      return { acknowledged: 1, refused: 0 };
    };
  }
  return async (client, index) => {
    const topic = topicOf(index);
    const envelopes: EnvelopeFields[] = Array.from({ length: perPush }, () => ({
      topic,
      payload: uniquePayload(),
    }));
    const results = await pushEnvelopes(client.connection, node, envelopes);
    let acknowledged = 0;
    let refusal: string | undefined;
    for (const result of results) {
      if (result.error === undefined) acknowledged += 1;
      else refusal ??= `${result.error.name}: ${result.error.message}`;
    }
    return { acknowledged, refused: perPush - acknowledged, refusal };
  };
}

function topicOf(index: number): string {
  return `/bench/ingest/${index}`;
}
