import type { Libp2p } from "@libp2p/interface";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import { PROBE_STAGGER_MS } from "./constants.js";
import { probeCandidates } from "./probe.js";

/** Parameters of {@link probeFastest}. */
export interface ProbeFastestParameters<T extends { peerId: string; multiaddrs: readonly string[] }> {
  /** The candidates to ping, in order, one more every `staggerMs` until one answers. */
  candidates: readonly T[];
  /** How long one ping (with its dial) may take, in milliseconds. */
  timeoutMs: number;
  /** Answers within `first × tolerance + slackMs` of the start count as equally fast. */
  tolerance: number;
  /** Absolute slack, in milliseconds. */
  slackMs: number;
  /**
   * Milliseconds between the starts of two pings while none has answered; 0 starts them all at
   * once. @default PROBE_STAGGER_MS
   */
  staggerMs?: number | undefined;
  /** Cancels every ping. */
  signal?: AbortSignal | undefined;
}

/**
 * What {@link probeFastest} saw: who answered, who failed; candidates in neither are still pending
 * or were never pinged.
 */
export interface ProbeFastestResult<T> {
  answered: { candidate: T; rttMs: number }[];
  failed: { candidate: T; error: Error }[];
  /** How many candidates were pinged. */
  started: number;
}

/**
 * Pings candidates, staggered: one more starts every `staggerMs` (and at once when one fails)
 * until the first answer comes, so that where servers answer fast only one or two cold
 * connections are made; where they answer slowly every candidate is pinged as before. Once the
 * first answer's time, scaled by the latency tolerance, has passed it stops waiting: a candidate
 * slower than that could not be among the fastest, so one that hangs (a node cut off by a
 * partition) never holds the selection for `timeoutMs`. The pings still pending go on to their
 * end, unobserved: they are neither answers nor failures.
 *
 * @param client - The client (its libp2p host).
 * @param parameters - Candidates, time limit, latency window, stagger, abort signal.
 * @returns The answers and failures seen by then, and how many were pinged.
 */
export async function probeFastest<T extends { peerId: string; multiaddrs: readonly string[] }>(
  client: { host: Libp2p<BaseServices> },
  parameters: ProbeFastestParameters<T>,
): Promise<ProbeFastestResult<T>> {
  const result: ProbeFastestResult<T> = { answered: [], failed: [], started: 0 };
  const staggerMs = parameters.staggerMs ?? PROBE_STAGGER_MS;
  const started = performance.now();
  let window: ReturnType<typeof setTimeout> | undefined;
  let stagger: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  await new Promise<void>((resolve) => {
    const close = (): void => {
      closed = true;
      clearTimeout(window);
      clearTimeout(stagger);
      resolve();
    };
    let outstanding = 0;
    const startNext = (): void => {
      clearTimeout(stagger);
      const candidate = parameters.candidates[result.started];
      if (closed || candidate === undefined || result.answered.length > 0) return;
      result.started += 1;
      outstanding += 1;
      void probeCandidates(client, {
        candidates: [candidate],
        timeoutMs: parameters.timeoutMs,
        signal: parameters.signal,
      }).then(([probe]) => {
        // What settles after the window closed is left out, as if it were still pending.
        if (closed || probe === undefined) return;
        outstanding -= 1;
        if (probe.reachable) {
          result.answered.push({ candidate, rttMs: probe.rttMs });
          if (window === undefined) {
            const first = performance.now() - started;
            window = setTimeout(close, Math.max(0, first * (parameters.tolerance - 1) + parameters.slackMs));
          }
        } else {
          result.failed.push({ candidate, error: probe.error });
          startNext();
        }
        const more = result.answered.length === 0 && result.started < parameters.candidates.length;
        if (outstanding === 0 && !more) close();
      });
      if (staggerMs <= 0) startNext();
      else stagger = setTimeout(startNext, staggerMs);
    };
    if (parameters.candidates.length === 0) close();
    else startNext();
  });
  return result;
}
