import type { Libp2p } from "@libp2p/interface";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import { rememberAddresses } from "../discovery/peerStore.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";
import { traced } from "../kernel/trace/trace.js";

/** Parameters of {@link probeCandidates}. */
export interface ProbeCandidatesParameters<T extends { peerId: string; multiaddrs: readonly string[] }> {
  /** The candidates to ping, all at once. */
  candidates: readonly T[];
  /** How long one ping (with its dial) may take, in milliseconds. */
  timeoutMs: number;
  /** Cancels every ping. */
  signal?: AbortSignal | undefined;
}

/** One candidate's ping: the round trip, or why it failed. */
export type ProbeResult<T> =
  { candidate: T; reachable: true; rttMs: number } | { candidate: T; reachable: false; error: Error };

/**
 * Pings candidates in parallel (dialling them when needed) and measures their round trip. A
 * candidate that cannot be dialled or does not answer in time is unreachable.
 *
 * @param client - The client (its libp2p host).
 * @param parameters - Candidates, time limit, abort signal.
 * @returns One result per candidate, in order.
 */
export async function probeCandidates<T extends { peerId: string; multiaddrs: readonly string[] }>(
  client: { host: Libp2p<BaseServices> },
  parameters: ProbeCandidatesParameters<T>,
): Promise<ProbeResult<T>[]> {
  const { host } = client;
  return Promise.all(
    parameters.candidates.map(async (candidate): Promise<ProbeResult<T>> => {
      const timeout = AbortSignal.timeout(parameters.timeoutMs);
      const signal =
        parameters.signal === undefined ? timeout : AbortSignal.any([timeout, parameters.signal]);
      try {
        const rttMs = await traced(
          "probe:ping",
          async () => {
            await rememberAddresses(host, candidate.peerId, candidate.multiaddrs);
            return host.services.ping.ping(peerIdsOf(host).parse(candidate.peerId), { signal });
          },
          (rtt) => ({ peer: candidate.peerId, rttMs: rtt }),
        );
        return { candidate, reachable: true, rttMs };
      } catch (err) {
        return { candidate, reachable: false, error: err instanceof Error ? err : new Error(String(err)) };
      }
    }),
  );
}
