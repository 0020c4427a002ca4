import type { Libp2p } from "@libp2p/interface";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import { sample } from "../kernel/random/sample.js";
import type { ResolvedClientOptions } from "../options/index.js";
import { throwIfAborted } from "./abort.js";
import { chooseAmongFastest } from "./chooseAmongFastest.js";
import type { KnownServers, Selection } from "./knownServers.js";
import { probeFastest } from "./probeFastest.js";

/** What {@link chooseServer} needs of its client. */
export interface ChooseServerContext {
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
 * Chooses a server among the usable known ones (trusted, not grey-listed; custom ones first when
 * preferred): they are shuffled, up to `probeCount` of them pinged (staggered: one more every
 * `probeStaggerMs` until one answers, see {@link probeFastest}), and the choice is
 * uniformly random among those within `fastest × latencyTolerance + latencySlackMs`
 * ({@link chooseAmongFastest}); the probes stop waiting once that window has passed after the first
 * answer ({@link probeFastest}), so a server that hangs does not hold the choice. Those that failed
 * by then are grey-listed; when none answered, the next batch is tried.
 *
 * @param context - Host and options.
 * @param known - The known servers; the choice becomes their sticky one.
 * @param signal - Cancels the probes; the call then rejects with OperationAbortedError.
 * @returns The selection, or undefined when no usable server answered.
 */
export async function chooseServer(
  context: ChooseServerContext,
  known: KnownServers,
  signal: AbortSignal | undefined,
): Promise<Selection | undefined> {
  const { options } = context;
  const usable = known.list.filter((s) => known.usable(s));
  const tiers = options.preferCustomServers
    ? [usable.filter((s) => s.custom), usable.filter((s) => !s.custom)]
    : [usable];
  for (const tier of tiers) {
    const remaining = sample(tier, tier.length, options.random);
    while (remaining.length > 0) {
      const batch = remaining.splice(0, options.probeCount);
      const results = await probeFastest(context, {
        candidates: batch,
        timeoutMs: options.probeTimeoutMs,
        staggerMs: options.probeStaggerMs,
        tolerance: options.latencyTolerance,
        slackMs: options.latencySlackMs,
        signal,
      });
      throwIfAborted(signal);
      for (const { candidate, error } of results.failed) known.fail(candidate, error);
      const reachable = results.answered.map(({ candidate, rttMs }) => ({ server: candidate, rttMs }));
      const stillTrusted = reachable.filter((r) => known.find(r.server.peerId)?.trusted === true);
      if (stillTrusted.length === 0) continue;
      const { chosen } = chooseAmongFastest(stillTrusted, {
        tolerance: options.latencyTolerance,
        slackMs: options.latencySlackMs,
        random: options.random,
      });
      return known.choose(chosen.server, chosen.rttMs);
    }
  }
  return undefined;
}
