import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import type { Candidate } from "../../../client/discovery/candidate.js";
import type { VerifiedCandidate } from "../../../client/verification/types.js";

/** One cold client's way from nothing to a selected, verified server. */
export interface WaymarkRun {
  /** From the start of `createWaymarkClient` to the selection, in ms. */
  readonly totalMs: number;
  /** `createWaymarkClient`: registry checks, libp2p host, registry watcher. */
  readonly createMs: number;
  /** Waiting for discovery's batches until the selection: bootstrap records, joining the DHT, the provider search. */
  readonly discoverMs: number;
  /** `verify()` until the selection: one `verifyNodes` call per batch. */
  readonly verifyMs: number;
  /** The rest of `select()`: pinging a random sample and choosing among the fastest. */
  readonly probeMs: number;
  /** Candidates known when the selection was made. */
  readonly candidates: number;
  /** Of those, how many the registry trusted. */
  readonly trusted: number;
  /** Peer id of the selected server. */
  readonly selected: string;
}

/** Time spent in calls, counted up to a cut-off (work still running then counts until it). */
class Timer {
  private readonly calls: { from: number; to: number | undefined }[] = [];

  /**
   * @param run - The call to time.
   * @returns What it returned.
   */
  async time<T>(run: () => Promise<T>): Promise<T> {
    const call: { from: number; to: number | undefined } = { from: performance.now(), to: undefined };
    this.calls.push(call);
    try {
      return await run();
    } finally {
      call.to = performance.now();
    }
  }

  /**
   * @param until - The cut-off.
   * @returns Milliseconds spent in calls before it.
   */
  totalUntil(until: number): number {
    return this.calls.reduce(
      (sum, call) => sum + Math.max(0, Math.min(call.to ?? until, until) - call.from),
      0,
    );
  }
}

/**
 * Measures a cold Waymark client: `createWaymarkClient` (default options, so it bootstraps from the
 * registry's bootstrap records) then `select()`, which takes candidates in batches as discovery
 * finds them (the registry's bootstrap records first, then the DHT's answers), verifies each batch
 * in one registry call until `discoveryQuorum` servers are trusted, pings a random sample and picks
 * among the fastest. Discovery and verification are the client's own methods, timed by wrapping
 * them on the instance; what they do in the background after the selection is not counted.
 *
 * @param rpcUrl - The chain.
 * @param registry - The registry address.
 * @returns The timings and what was found.
 */
export async function waymarkRun(rpcUrl: string, registry: string): Promise<WaymarkRun> {
  const started = performance.now();
  const client = await createWaymarkClient({ rpcUrl, registry });
  const created = performance.now();
  try {
    const discovering = new Timer();
    const verifying = new Timer();
    const discoverBatches = client.discoverBatches.bind(client);
    const verify = client.verify.bind(client);
    client.discoverBatches = (parameters): AsyncGenerator<Candidate[], void, undefined> => {
      const batches = discoverBatches(parameters);
      const next = batches.next.bind(batches);
      batches.next = async () => discovering.time(next);
      return batches;
    };
    client.verify = async (list): Promise<VerifiedCandidate[]> => verifying.time(async () => verify(list));
    const { server } = await client.select();
    const selected = performance.now();
    const totalMs = selected - started;
    const discoverMs = discovering.totalUntil(selected);
    const verifyMs = verifying.totalUntil(selected);
    const known = client.pool.known;
    return {
      totalMs,
      createMs: created - started,
      discoverMs,
      verifyMs,
      probeMs: totalMs - (created - started) - discoverMs - verifyMs,
      candidates: known.length,
      trusted: known.filter((candidate) => candidate.trusted).length,
      selected: server.peerId,
    };
  } finally {
    await client.stop();
  }
}
