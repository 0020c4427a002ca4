import { createWaymarkClient } from "../../../client/createClient.js";
import type { Candidate } from "../../../client/discovery/candidate.js";
import type { VerifiedCandidate } from "../../../client/verification/types.js";

/** One cold client's way from nothing to a selected, verified server. */
export interface WaymarkRun {
  /** From the start of `createWaymarkClient` to the selection, in ms. */
  readonly totalMs: number;
  /** `createWaymarkClient`: registry checks, libp2p host, registry watcher. */
  readonly createMs: number;
  /** `discover()`: bootstrap records, joining the DHT, the provider search. */
  readonly discoverMs: number;
  /** `verify()`: the one `verifyNodes` call. */
  readonly verifyMs: number;
  /** The rest of `select()`: pinging a random sample and choosing among the fastest. */
  readonly probeMs: number;
  /** Candidates discovered. */
  readonly candidates: number;
  /** Of those, how many the registry trusted. */
  readonly trusted: number;
  /** Peer id of the selected server. */
  readonly selected: string;
}

/**
 * Measures a cold Waymark client: `createWaymarkClient` (default options, so it bootstraps from the
 * registry's bootstrap records) then `select()`, which discovers candidates in the DHT, verifies
 * them in one registry call, pings a random sample and picks among the fastest. `discover` and
 * `verify` are the client's own methods, timed by wrapping them on the instance.
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
    let discoverMs = 0;
    let verifyMs = 0;
    let candidates = 0;
    let trusted = 0;
    const discover = client.discover.bind(client);
    const verify = client.verify.bind(client);
    client.discover = async (parameters): Promise<Candidate[]> => {
      const from = performance.now();
      const found = await discover(parameters);
      discoverMs += performance.now() - from;
      candidates = found.length;
      return found;
    };
    client.verify = async (list): Promise<VerifiedCandidate[]> => {
      const from = performance.now();
      const verified = await verify(list);
      verifyMs += performance.now() - from;
      trusted = verified.filter((candidate) => candidate.trusted).length;
      return verified;
    };
    const { server } = await client.select();
    const totalMs = performance.now() - started;
    return {
      totalMs,
      createMs: created - started,
      discoverMs,
      verifyMs,
      probeMs: totalMs - (created - started) - discoverMs - verifyMs,
      candidates,
      trusted,
      selected: server.peerId,
    };
  } finally {
    await client.stop();
  }
}
