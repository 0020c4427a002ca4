import { subscribe, unsubscribe } from "node:diagnostics_channel";

import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import type { TraceName, TraceSpan } from "../../../client/kernel/trace/trace.js";
import { TRACE_CHANNEL } from "../../../client/kernel/trace/trace.js";
import type { VerifiedCandidate } from "../../../client/verification/types.js";
import { wallMs } from "./stalls.js";

/** One cold client's way from nothing to a selected, verified server. */
export interface WaymarkRun {
  /** Wall-clock time (ms since the epoch) when the run started, to set other processes' events against it. */
  readonly startedAtMs: number;
  /** From the start of `createWaymarkClient` to the selection, in ms. */
  readonly totalMs: number;
  /**
   * `createWaymarkClient`: registry connection and checks, libp2p host (the registry watcher reads
   * its first block in the background: span `client:watch`).
   */
  readonly createMs: number;
  /** Waiting for discovery's batches (`selection:discover` spans): bootstrap records, joining the DHT, the provider search. */
  readonly discoverMs: number;
  /** Verifying batches (`selection:verify` spans): one `verifyNodes` call per batch. */
  readonly verifyMs: number;
  /** The rest of `select()`: pinging a random sample and choosing among the fastest. */
  readonly probeMs: number;
  /** Candidates known when the selection was made. */
  readonly candidates: number;
  /** Of those, how many the registry trusted. */
  readonly trusted: number;
  /** Peer id of the selected server. */
  readonly selected: string;
  /** The client's trace spans up to the selection, in ms from the run's start (cut at the selection). */
  readonly trace: readonly TraceSpan[];
}

/**
 * Milliseconds the spans named `name` cover before `until` (each cut there), counting overlaps once.
 *
 * @param spans - The run's spans.
 * @param name - Which.
 * @param until - The cut-off.
 * @returns The time.
 */
function coveredUntil(spans: readonly TraceSpan[], name: TraceName, until: number): number {
  const parts = spans
    .filter((span) => span.name === name && span.startMs < until)
    .map((span) => [span.startMs, Math.min(span.endMs, until)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reached = -Infinity;
  for (const [from, to] of parts) {
    if (to <= reached) continue;
    total += to - Math.max(from, reached);
    reached = to;
  }
  return total;
}

/**
 * Measures a cold Waymark client: `createWaymarkClient` (default options, so it bootstraps from the
 * registry's bootstrap records) then `select()`, which takes candidates in batches as discovery
 * finds them (the registry's bootstrap records first, then the DHT's answers), verifies each batch
 * in one registry call until `discoveryQuorum` servers are trusted, pings a random sample and picks
 * among the fastest. The phases are the client's own trace spans (`TRACE_CHANNEL`), cut at the
 * selection: what the client does in the background after it is not counted.
 *
 * @param rpcUrl - The chain.
 * @param registry - The registry address.
 * @returns The timings, what was found, and the run's spans (times from its start).
 */
export async function waymarkRun(rpcUrl: string, registry: string): Promise<WaymarkRun> {
  const spans: TraceSpan[] = [];
  const listen = (message: unknown): void => {
    spans.push(message as TraceSpan);
  };
  subscribe(TRACE_CHANNEL, listen);
  try {
    const startedAtMs = wallMs();
    const started = performance.now();
    const client = await createWaymarkClient({ rpcUrl, registry });
    const created = performance.now();
    let selected = created;
    let server: { peerId: string };
    let known: readonly VerifiedCandidate[];
    try {
      ({ server } = await client.select());
      selected = performance.now();
      known = client.pool.known;
    } finally {
      // Spans still open at the selection end here, cut at it.
      await client.stop();
    }
    const totalMs = selected - started;
    const discoverMs = coveredUntil(spans, "selection:discover", selected);
    const verifyMs = coveredUntil(spans, "selection:verify", selected);
    return {
      startedAtMs,
      totalMs,
      createMs: created - started,
      discoverMs,
      verifyMs,
      probeMs: totalMs - (created - started) - discoverMs - verifyMs,
      candidates: known.length,
      trusted: known.filter((candidate) => candidate.trusted).length,
      selected: server.peerId,
      trace: spans
        .filter((span) => span.startMs < selected)
        .map((span) => ({
          ...span,
          startMs: round(span.startMs - started),
          endMs: round(Math.min(span.endMs, selected) - started),
        })),
    };
  } finally {
    unsubscribe(TRACE_CHANNEL, listen);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
