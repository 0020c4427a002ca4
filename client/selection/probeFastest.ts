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
 * connections are made; where they answer slowly every candidate is pinged as before. Each ping's
 * time runs from its own start. Once no ping still under way can answer within the fastest
 * answer's time scaled by the latency tolerance (see {@link latencyWindowEnd}) it stops waiting: a
 * candidate slower than that could not be among the fastest, so one that hangs (a node cut off by
 * a partition) never holds the selection for `timeoutMs`, nor, once a ping started after it has
 * answered, for more than `(tolerance - 1) × that answer's time + slackMs` after the answer. The
 * pings still pending go on to their end, unobserved: they are neither answers nor failures.
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
  /** When each ping still under way started, by its candidate's index. */
  const pending = new Map<number, number>();
  /** The fastest answer's time, from its ping's start; Infinity before the first. */
  let fastestMs = Number.POSITIVE_INFINITY;
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
    /** After an answer, waits for the pings under way only as long as one may still be as fast. */
    const rewindow = (): void => {
      if (fastestMs === Number.POSITIVE_INFINITY) return;
      clearTimeout(window);
      const end = latencyWindowEnd(
        [...pending.values()],
        fastestMs,
        parameters.tolerance,
        parameters.slackMs,
      );
      if (end === undefined) close();
      else window = setTimeout(close, Math.max(0, end - performance.now()));
    };
    const startNext = (): void => {
      clearTimeout(stagger);
      const index = result.started;
      const candidate = parameters.candidates[index];
      if (closed || candidate === undefined || result.answered.length > 0) return;
      result.started += 1;
      const startedAt = performance.now();
      pending.set(index, startedAt);
      void probeCandidates(client, {
        candidates: [candidate],
        timeoutMs: parameters.timeoutMs,
        signal: parameters.signal,
      }).then(([probe]) => {
        // What settles after the window closed is left out, as if it were still pending.
        if (closed || probe === undefined) return;
        pending.delete(index);
        if (probe.reachable) {
          result.answered.push({ candidate, rttMs: probe.rttMs });
          fastestMs = Math.min(fastestMs, performance.now() - startedAt);
        } else {
          result.failed.push({ candidate, error: probe.error });
          startNext();
        }
        const more = result.answered.length === 0 && result.started < parameters.candidates.length;
        if (pending.size === 0 && !more) close();
        else rewindow();
      });
      if (staggerMs <= 0) startNext();
      else stagger = setTimeout(startNext, staggerMs);
    };
    if (parameters.candidates.length === 0) close();
    else startNext();
  });
  return result;
}

/**
 * When a selection may stop waiting for the pings still under way: once the latest started of
 * them has run for the fastest answer's time scaled by the latency tolerance (`fastest × tolerance
 * + slackMs`), none of them can still be among the fastest. Each ping's time counts from its own
 * start, so a ping started late by the stagger keeps its whole window, and one started early that
 * hangs is not waited for beyond it.
 *
 * @param pendingStarts - When each ping still under way started (`performance.now()` times).
 * @param fastestMs - The fastest answer's time, from its ping's start to its answer.
 * @param tolerance - The latency tolerance (at least 1).
 * @param slackMs - Absolute slack, in milliseconds.
 * @returns The time (as `performance.now()`) after which none can qualify; undefined when none is
 * under way.
 */
export function latencyWindowEnd(
  pendingStarts: readonly number[],
  fastestMs: number,
  tolerance: number,
  slackMs: number,
): number | undefined {
  if (pendingStarts.length === 0) return undefined;
  return Math.max(...pendingStarts) + fastestMs * tolerance + slackMs;
}
