import type { Libp2p } from "@libp2p/interface";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import { probeCandidates } from "./probe.js";

/** Parameters of {@link probeFastest}. */
export interface ProbeFastestParameters<T extends { peerId: string; multiaddrs: readonly string[] }> {
  /** The candidates to ping, all at once. */
  candidates: readonly T[];
  /** How long one ping (with its dial) may take, in milliseconds. */
  timeoutMs: number;
  /** Answers within `first × tolerance + slackMs` of the start count as equally fast. */
  tolerance: number;
  /** Absolute slack, in milliseconds. */
  slackMs: number;
  /** Cancels every ping. */
  signal?: AbortSignal | undefined;
}

/** What {@link probeFastest} saw: who answered, who failed; candidates in neither are still pending. */
export interface ProbeFastestResult<T> {
  answered: { candidate: T; rttMs: number }[];
  failed: { candidate: T; error: Error }[];
}

/**
 * Pings candidates in parallel and stops waiting once the first answer's time, scaled by the
 * latency tolerance, has passed: a candidate slower than that could not be among the fastest, so
 * one that hangs (a node cut off by a partition) never holds the selection for `timeoutMs`. The
 * pings still pending go on to their end, unobserved: they are neither answers nor failures.
 *
 * @param client - The client (its libp2p host).
 * @param parameters - Candidates, time limit, latency window, abort signal.
 * @returns The answers and failures seen by then.
 */
export async function probeFastest<T extends { peerId: string; multiaddrs: readonly string[] }>(
  client: { host: Libp2p<BaseServices> },
  parameters: ProbeFastestParameters<T>,
): Promise<ProbeFastestResult<T>> {
  const result: ProbeFastestResult<T> = { answered: [], failed: [] };
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  await new Promise<void>((resolve) => {
    const close = (): void => {
      closed = true;
      clearTimeout(timer);
      resolve();
    };
    let outstanding = parameters.candidates.length;
    if (outstanding === 0) close();
    for (const candidate of parameters.candidates) {
      void probeCandidates(client, {
        candidates: [candidate],
        timeoutMs: parameters.timeoutMs,
        signal: parameters.signal,
      }).then(([probe]) => {
        // What settles after the window closed is left out, as if it were still pending.
        if (closed || probe === undefined) return;
        if (probe.reachable) {
          result.answered.push({ candidate, rttMs: probe.rttMs });
          if (timer === undefined) {
            const first = performance.now() - started;
            timer = setTimeout(close, Math.max(0, first * (parameters.tolerance - 1) + parameters.slackMs));
          }
        } else result.failed.push({ candidate, error: probe.error });
        if (--outstanding === 0) close();
      });
    }
  });
  return result;
}
