import type { CountingRpcProxy, RpcCounts } from "../lib/rpcProxy.js";
import type { Summary } from "../lib/stats.js";
import { summarize } from "../lib/stats.js";

/** One way of verifying a batch, measured. */
export interface WayFigures {
  /** HTTP round trips of one verification of the batch. */
  readonly httpRequests: number;
  /** JSON-RPC calls of one verification of the batch. */
  readonly calls: number;
  /** Wall time of one verification of the batch, over the repetitions, in ms. */
  readonly wallMs: Summary;
  /** Nodes found trusted (every node is, in this benchmark). */
  readonly trusted: number;
}

/**
 * Runs one way of verifying a batch several times (after one unmeasured run), timing each and
 * counting what went through the proxy.
 *
 * @param proxy - The counting proxy the client talks through.
 * @param verify - Verifies the batch and returns one verdict per node.
 * @param repetitions - Measured runs.
 * @returns Round trips and calls of one run (the largest seen), and the wall times.
 */
export async function measureWay(
  proxy: CountingRpcProxy,
  verify: () => Promise<boolean[]>,
  repetitions: number,
): Promise<WayFigures> {
  await verify();
  const times: number[] = [];
  let counts: RpcCounts = { httpRequests: 0, calls: 0, byMethod: {} };
  let trusted = 0;
  for (let i = 0; i < repetitions; i++) {
    proxy.reset();
    const started = performance.now();
    const verdicts = await verify();
    times.push(performance.now() - started);
    const run = proxy.counts();
    if (run.httpRequests >= counts.httpRequests) counts = run;
    trusted = verdicts.filter(Boolean).length;
  }
  return { httpRequests: counts.httpRequests, calls: counts.calls, wallMs: summarize(times), trusted };
}
