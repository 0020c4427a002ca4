import type { Connection, PeerId } from "@libp2p/interface";

import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistory } from "../../../client/mail/protocol/queryHistory.js";
import { requestSignal } from "../../../node/serving/requestSignal.js";
import { uniquePayload } from "../mail-ingest/load.js";

/** What one session does: every period one request, a push and a history read in turn. */
export interface SessionPlan {
  /** Milliseconds between a session's requests. */
  readonly periodMs: number;
  /** Envelopes in the history page it reads after each message. */
  readonly historyPageSize: number;
}

/** Counters shared by every session, read and reset by the measurement windows. */
export class SessionStats {
  pushLatenciesMs: number[] = [];
  queryLatenciesMs: number[] = [];
  errors = 0;
  firstError: string | undefined;

  /** Forgets everything recorded so far (the start of a window). */
  reset(): void {
    this.pushLatenciesMs = [];
    this.queryLatenciesMs = [];
    this.errors = 0;
    this.firstError = undefined;
  }

  /**
   * Records a failed request.
   *
   * @param err - What it threw.
   */
  fail(err: unknown): void {
    this.errors += 1;
    this.firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
}

/**
 * Runs one session until `signal` aborts: after a random delay within one period (so sessions
 * spread evenly), every `periodMs` it sends one request over its own connection, in turn a push of
 * a 1 KiB envelope to its own topic and a query of the newest page of that topic.
 *
 * @param client - The session's connection.
 * @param node - The node's peer id.
 * @param topic - The session's topic.
 * @param plan - Period and page size.
 * @param stats - Where latencies and errors go.
 * @param signal - Ends the session.
 */
export async function runSession(
  client: { readonly connection: Connection },
  node: PeerId,
  topic: string,
  plan: SessionPlan,
  stats: SessionStats,
  signal: AbortSignal,
): Promise<void> {
  const stopped = (): boolean => signal.aborted;
  let next = performance.now() + Math.random() * plan.periodMs;
  let push = true;
  while (!stopped()) {
    const wait = next - performance.now();
    if (wait > 0) await pause(wait, signal);
    if (stopped()) return;
    next += plan.periodMs;
    const pushing = push;
    push = !push;
    const started = performance.now();
    try {
      if (pushing) {
        await pushEnvelope(client.connection, node, { topic, payload: uniquePayload() });
        stats.pushLatenciesMs.push(performance.now() - started);
      } else {
        await queryHistory(client.connection, node, {
          topics: [topic],
          pageSize: plan.historyPageSize,
          direction: "backward",
        });
        stats.queryLatenciesMs.push(performance.now() - started);
      }
    } catch (err) {
      if (stopped()) return;
      stats.fail(err);
    }
  }
}

/**
 * Waits `ms`, or less when `signal` aborts. `setTimeout` of `node:timers/promises` with the signal
 * would add a listener to it at every wait, and adding one scans all the signal's listeners: with
 * thousands of sessions under one signal, that scan was a quarter of a load process's CPU. The
 * node's request signals keep the waits under one signal in a set instead.
 */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  const paused = requestSignal(signal, ms);
  await new Promise((resolve) => {
    paused.signal.addEventListener("abort", resolve, { once: true });
  });
  paused.dispose();
}
