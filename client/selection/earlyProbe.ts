import type { Libp2p } from "@libp2p/interface";

import type { Candidate } from "../discovery/candidate.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { ResolvedClientOptions } from "../options/index.js";
import { sample } from "../kernel/random/sample.js";
import { traced } from "../kernel/trace/trace.js";
import { untilAborted } from "./abort.js";
import type { ProbeFastestResult } from "./probeFastest.js";
import { probeFastest } from "./probeFastest.js";

/** What {@link EarlyProbe} needs of its client; `chooseServer` needs the same. */
export interface EarlyProbeContext {
  host: Libp2p<BaseServices>;
  options: Pick<
    ResolvedClientOptions,
    | "preferCustomServers"
    | "probeCount"
    | "probeTimeoutMs"
    | "probeStaggerMs"
    | "latencyTolerance"
    | "latencySlackMs"
    | "random"
  >;
}

/**
 * The first batch of a selection's pings, started while the registry verifies the nodes: pings to
 * servers the client may contact before verification (custom servers, and nodes whose bootstrap
 * record names a provider the trust policy accepts, see `trustedProviders`). Drawn as
 * `chooseServer` draws its first batch: the custom servers only when they are preferred and there
 * are some, `probeCount` of them at random, staggered by `probeStaggerMs` (see {@link probeFastest}).
 *
 * Nothing here chooses: `chooseServer` uses the answers of the servers verification accepted, and
 * only when they were drawn from every server it may choose among (so the choice stays uniform).
 */
export class EarlyProbe {
  private constructor(
    /** Peer ids of the servers the sample was drawn from. */
    readonly drawnFrom: ReadonlySet<string>,
    /** The sample, in the order pinged. */
    readonly sampled: readonly Candidate[],
    private readonly result: Promise<ProbeFastestResult<Candidate>>,
    private readonly controller: AbortController,
  ) {}

  /**
   * Starts the pings.
   *
   * @param context - Host and options (as for `chooseServer`).
   * @param pool - Servers that may be contacted before verification, not grey-listed.
   * @param signal - Cancels the pings (as the selection's signal does).
   * @returns The probe under way, or undefined when the pool is empty.
   */
  static start(
    context: EarlyProbeContext,
    pool: readonly Candidate[],
    signal: AbortSignal | undefined,
  ): EarlyProbe | undefined {
    const { options } = context;
    const custom = pool.filter((candidate) => candidate.sources.includes("custom"));
    const tier = options.preferCustomServers && custom.length > 0 ? custom : pool;
    if (tier.length === 0) return undefined;
    const sampled = sample(tier, options.probeCount, options.random);
    const controller = new AbortController();
    const probeSignal =
      signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
    const result = traced(
      "selection:probe-early",
      async () =>
        probeFastest(context, {
          candidates: sampled,
          timeoutMs: options.probeTimeoutMs,
          staggerMs: options.probeStaggerMs,
          tolerance: options.latencyTolerance,
          slackMs: options.latencySlackMs,
          signal: probeSignal,
        }),
      (probed) => ({
        probed: probed.started,
        answered: probed.answered.length,
        failed: probed.failed.length,
      }),
    );
    return new EarlyProbe(new Set(tier.map((candidate) => candidate.peerId)), sampled, result, controller);
  }

  /**
   * Waits for the pings to answer (see {@link probeFastest}: until no ping under way can still
   * answer within the fastest answer's latency window, or every ping has failed).
   *
   * @param signal - Stops waiting; the call then rejects with OperationAbortedError.
   * @returns What the pings saw.
   */
  async outcome(signal: AbortSignal | undefined): Promise<ProbeFastestResult<Candidate>> {
    return untilAborted(this.result, signal);
  }

  /** Cancels the pings still under way (a selection that failed before choosing). */
  abort(): void {
    this.controller.abort();
  }
}
