import type { Candidate } from "../discovery/candidate.js";
import { isFallbackVerdict } from "../discovery/discover.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";
import { sample } from "../kernel/random/sample.js";
import { throwIfAborted } from "./abort.js";
import { chooseAmongFastest } from "./chooseAmongFastest.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { EarlyProbe, EarlyProbeContext } from "./earlyProbe.js";
import type { KnownServers, Selection } from "./knownServers.js";
import type { ProbeFastestResult } from "./probeFastest.js";
import { probeFastest } from "./probeFastest.js";

/** What {@link chooseServer} needs of its client: what its first pings need (see {@link EarlyProbe}). */
export type ChooseServerContext = EarlyProbeContext;

/**
 * Chooses a server among the usable known ones (trusted, not grey-listed; custom ones first when
 * preferred): they are shuffled, up to `probeCount` of them pinged (staggered: one more every
 * `probeStaggerMs` until one answers, see {@link probeFastest}), and the choice is uniformly random
 * among those within `fastest × latencyTolerance + latencySlackMs` ({@link chooseAmongFastest});
 * the probes stop waiting once no ping under way can still answer within that window, each ping
 * timed from its own start ({@link probeFastest}), so a server that hangs does not hold the choice.
 * Those that failed by then are grey-listed; when none answered, the next batch is tried.
 *
 * With an `early` probe (pings started while verification ran, see {@link EarlyProbe}), that is
 * the first batch of the first tier, provided it was drawn from every server of that tier: only
 * the servers verification accepted may be chosen among its answers; the failures of accepted
 * ones are grey-listed; a pinged node that verification rejected is never chosen, and its
 * connection is closed (unless its verdict makes it a possible DHT entry point, see
 * {@link isFallbackVerdict}: then the connection manager decides). When the early probe was drawn
 * from fewer servers (discovery found more meanwhile), its answers are not used and the tier is
 * pinged as without it, less the servers that failed.
 *
 * @param context - Host and options.
 * @param known - The known servers; the choice becomes their sticky one.
 * @param signal - Cancels the probes; the call then rejects with OperationAbortedError.
 * @param early - Pings started before verification, if any.
 * @returns The selection, or undefined when no usable server answered.
 */
export async function chooseServer(
  context: ChooseServerContext,
  known: KnownServers,
  signal: AbortSignal | undefined,
  early?: EarlyProbe,
): Promise<Selection | undefined> {
  const { options } = context;
  const usable = known.list.filter((s) => known.usable(s));
  const tiers = options.preferCustomServers
    ? [usable.filter((s) => s.custom), usable.filter((s) => !s.custom)]
    : [usable];
  let pending = early;
  for (const tier of tiers) {
    let remaining = sample(tier, tier.length, options.random);
    if (pending !== undefined && tier.length > 0) {
      const probe = pending;
      pending = undefined;
      const outcome = await probe.outcome(signal);
      throwIfAborted(signal);
      const { chosen, pinged, failed } = await useEarlyProbe(context, known, probe, outcome, tier);
      if (chosen !== undefined) return chosen;
      remaining = remaining.filter((s) => !pinged.has(s.peerId) && !failed.has(s.peerId));
    }
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
  if (pending !== undefined) await dropRejected(context, known, pending, await pending.outcome(signal));
  return undefined;
}

/**
 * Applies what an early probe saw to the first tier: grey-lists the accepted servers that failed,
 * hangs up on the rejected ones, and chooses among the accepted ones that answered when the probe
 * was drawn from the whole tier.
 *
 * @returns The choice, if one was made; the peers whose ping answered or failed (when the probe
 * stands for the tier's first batch; none otherwise), and the accepted ones that failed.
 */
async function useEarlyProbe(
  context: ChooseServerContext,
  known: KnownServers,
  probe: EarlyProbe,
  outcome: ProbeFastestResult<Candidate>,
  tier: readonly VerifiedCandidate[],
): Promise<{ chosen: Selection | undefined; pinged: ReadonlySet<string>; failed: ReadonlySet<string> }> {
  const { options } = context;
  const inTier = new Map(tier.map((s) => [s.peerId, s]));
  const failed = new Set<string>();
  for (const { candidate, error } of outcome.failed) {
    const server = known.find(candidate.peerId);
    if (server?.trusted !== true) continue;
    known.fail(server, error);
    failed.add(server.peerId);
  }
  await dropRejected(context, known, probe, outcome);
  const whole = tier.every((s) => probe.drawnFrom.has(s.peerId));
  if (!whole) return { chosen: undefined, pinged: new Set(), failed };
  const accepted = outcome.answered.flatMap(({ candidate, rttMs }) => {
    const server = inTier.get(candidate.peerId);
    return server === undefined ? [] : [{ server, rttMs }];
  });
  // A ping still under way when the window closed (after a rejected node's answer) is no answer.
  const pinged = new Set([...outcome.answered, ...outcome.failed].map(({ candidate }) => candidate.peerId));
  if (accepted.length === 0) return { chosen: undefined, pinged, failed };
  const { chosen } = chooseAmongFastest(accepted, {
    tolerance: options.latencyTolerance,
    slackMs: options.latencySlackMs,
    random: options.random,
  });
  return { chosen: known.choose(chosen.server, chosen.rttMs), pinged, failed };
}

/**
 * Hangs up on the nodes an early probe pinged that verification rejected (they were contacted only
 * because their provider is trusted), unless discovery may use them as DHT entry points. A ping
 * still under way then may leave a connection behind: the connection manager prunes it.
 */
async function dropRejected(
  context: ChooseServerContext,
  known: KnownServers,
  probe: EarlyProbe,
  outcome: ProbeFastestResult<Candidate>,
): Promise<void> {
  const started = probe.sampled.slice(0, outcome.started);
  await Promise.all(
    started.map(async (candidate) => {
      const server = known.find(candidate.peerId);
      if (server === undefined || server.trusted || isFallbackVerdict(server.verdict)) return;
      await context.host.hangUp(peerIdsOf(context.host).parse(candidate.peerId)).catch(() => undefined);
    }),
  );
}
