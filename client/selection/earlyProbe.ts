import type { Libp2p } from "@libp2p/interface";

import type { Candidate } from "../discovery/candidate.js";
import type { ContactablePool } from "../discovery/contactablePool.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { ResolvedClientOptions } from "../options/index.js";
import { sampleAccepted } from "../kernel/random/sample.js";
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
 * are some not grey-listed, `probeCount` of them at random, staggered by `probeStaggerMs` (see
 * {@link probeFastest}). The records in the pool are checked as they are drawn (see
 * {@link ContactablePool}): one that fails its check is passed over, so the sample is uniform among
 * the servers that pass, and only the drawn ones are checked before the first ping.
 *
 * Nothing here chooses: `chooseServer` uses the answers of the servers verification accepted, and
 * only when they were drawn from every server it may choose among (so the choice stays uniform).
 */
export class EarlyProbe {
  private drawnFromSet: ReadonlySet<string> | undefined;

  private constructor(
    private readonly members: () => ReadonlySet<string>,
    /** The sample, in the order pinged. */
    readonly sampled: readonly Candidate[],
    private readonly result: Promise<ProbeFastestResult<Candidate>>,
    private readonly controller: AbortController,
  ) {}

  /**
   * Peer ids of the servers the sample was drawn from: those of the tier that passed their check
   * and were not grey-listed when first looked at (the rest of the pool is checked on first use).
   */
  get drawnFrom(): ReadonlySet<string> {
    this.drawnFromSet ??= this.members();
    return this.drawnFromSet;
  }

  /**
   * Starts the pings.
   *
   * @param context - Host and options (as for `chooseServer`).
   * @param pool - Servers that may be contacted before verification.
   * @param greyListed - Whether a server is grey-listed (asked at most once per server).
   * @param signal - Cancels the pings (as the selection's signal does).
   * @returns The probe under way, or undefined when no server of the pool may be pinged.
   */
  static start(
    context: EarlyProbeContext,
    pool: ContactablePool,
    greyListed: (peerId: string) => boolean,
    signal: AbortSignal | undefined,
  ): EarlyProbe | undefined {
    const { options } = context;
    const accepted = new Map<number, Candidate | undefined>();
    const accept = (index: number): Candidate | undefined => {
      if (accepted.has(index)) return accepted.get(index);
      const server = pool.server(index);
      const usable = server !== undefined && !greyListed(server.peerId) ? server : undefined;
      accepted.set(index, usable);
      return usable;
    };
    const customIndexes = pool.custom.map((_, index) => index);
    const preferCustom =
      options.preferCustomServers && customIndexes.some((index) => accept(index) !== undefined);
    const tier = preferCustom ? customIndexes : Array.from({ length: pool.size }, (_, index) => index);
    const sampled = sampleAccepted(tier, options.probeCount, options.random, accept);
    if (sampled.length === 0) return undefined;
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
    const members = (): ReadonlySet<string> => new Set(tier.flatMap((index) => accept(index)?.peerId ?? []));
    return new EarlyProbe(members, sampled, result, controller);
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
