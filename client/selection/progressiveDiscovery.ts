import type { Candidate } from "../discovery/candidate.js";
import type { ContactablePool } from "../discovery/contactablePool.js";
import type { DiscoverParameters } from "../discovery/discover.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { VerifiedCandidate } from "../verification/types.js";
import { traced } from "../kernel/trace/trace.js";
import { untilAborted } from "./abort.js";
import type { KnownServers } from "./knownServers.js";
import { EXPIRED, QuorumWait } from "./quorumWait.js";

/** What {@link ProgressiveDiscovery} needs of its client. */
export interface ProgressiveDiscoveryContext {
  options: Pick<ResolvedClientOptions, "discoveryQuorum" | "discoveryQuorumWaitMs" | "candidateTtlMs">;
  discover(parameters: DiscoverParameters): Promise<Candidate[]>;
  /**
   * Discovery in batches (see `discoverBatches`), so that selection can start once
   * `discoveryQuorum` servers are verified; without it, discovery waits for `discover`.
   */
  discoverBatches?(parameters: DiscoverParameters): AsyncIterable<Candidate[], void, undefined>;
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
}

/**
 * Told, before the first batch of a discovery is checked and verified, of its servers that may be
 * contacted before verification (see {@link ProgressiveDiscovery.untilQuorum}), and how to tell a
 * grey-listed one; called at most once.
 */
export type ProbeEarly = (pool: ContactablePool, greyListed: (peerId: string) => boolean) => void;

/** A discovery the pool stopped waiting for: its remaining batches, consumed in the background. */
interface PendingDiscovery {
  readonly batches: AsyncIterator<Candidate[], void, undefined>;
  /** The batch the caller stopped waiting for, asked for and not yet come; consumed first. */
  readonly inFlight: Promise<IteratorResult<Candidate[], void>> | undefined;
  /** Ends the search. */
  readonly controller: AbortController;
  /** The discovery it belongs to; results of a superseded one are dropped. */
  readonly generation: number;
  /** Settles when the remaining batches are consumed, verified and merged; set once resumed. */
  done: Promise<void> | undefined;
}

/**
 * Discovery that stops waiting at a quorum: candidates are verified batch by batch as discovery
 * finds them (the registry's bootstrap records and custom servers first, then each DHT answer).
 * Once `discoveryQuorum` of them are usable the caller goes on. So it does, with one of them usable,
 * once every node the trust policy can trust is known (as many trusted nodes as the trusted
 * providers' node counts, see `trustedNodeBound`: the DHT could add none), and otherwise
 * `discoveryQuorumWaitMs` after the first batch (the registry-known servers) is verified with one of
 * them usable, so that a quorum that cannot be met (few registered nodes, an entry point cut off)
 * never costs a whole DHT search. The rest of the search runs in the background, and what it finds is verified in one
 * registry call and joins the known servers. A newer discovery supersedes an older one, whose late
 * results are dropped.
 */
export class ProgressiveDiscovery {
  private generation = 0;
  private pending: PendingDiscovery | undefined;
  private discoveredAt: number | undefined;

  /**
   * @param context - Options and the discover/verify actions.
   * @param known - Where the servers found go.
   */
  constructor(
    private readonly context: ProgressiveDiscoveryContext,
    private readonly known: KnownServers,
  ) {}

  /** Whether the rest of a discovery is still to be consumed or under way. */
  get running(): boolean {
    return this.pending !== undefined;
  }

  /**
   * @param now - The time. @default now
   * @returns Whether the known servers are older than `candidateTtlMs` (or were never discovered).
   */
  isOld(now: number = Date.now()): boolean {
    return this.discoveredAt === undefined || now - this.discoveredAt > this.context.options.candidateTtlMs;
  }

  /** Marks the known servers as old, so that the next selection that is not sticky discovers again. */
  expireCandidates(): void {
    this.discoveredAt = undefined;
  }

  /**
   * Discovers until `discoveryQuorum` servers are usable, discovery ends, every node the registry
   * could trust is known (with one usable), or `discoveryQuorumWaitMs` have passed since the first
   * batch was verified with a usable server; the known servers become what it found. What is left is kept, not yet resumed (see {@link ProgressiveDiscovery.resume}).
   *
   * With `probeEarly`, the servers of the first batch that may be contacted before verification
   * (see {@link ProbeEarly}) are handed to it before that batch is checked and verified, when they
   * are expected to be all a selection will choose among: as many as `discoveryQuorum`, or every
   * node the trust policy can trust (counted before the records' check, which may leave fewer: a
   * selection then does not use the early answers, see `chooseServer`).
   *
   * @param signal - Stops waiting; the call then rejects with OperationAbortedError.
   * @param probeEarly - Told of the first batch's servers that may be pinged during its verification.
   */
  async untilQuorum(signal: AbortSignal | undefined, probeEarly?: ProbeEarly): Promise<void> {
    await this.discoverUntilQuorum(signal, probeEarly);
    this.discoveredAt = Date.now();
  }

  /**
   * Waits for the discovery the caller stopped waiting for to end, and for what it found to be
   * verified and added. Resolves at once when none is running.
   *
   * @param signal - Stops waiting (the discovery goes on); the call then rejects with OperationAbortedError.
   */
  async settled(signal?: AbortSignal): Promise<void> {
    await untilAborted(this.resume(), signal);
  }

  /**
   * Starts consuming the rest of the pending discovery in the background (once), then verifies what
   * it found in one registry call and adds it to the known servers.
   *
   * @returns When that is done (never rejects).
   */
  async resume(): Promise<void> {
    const pending = this.pending;
    if (pending === undefined) return;
    pending.done ??= (async () => {
      const late: Candidate[] = [];
      try {
        for (
          let next = await (pending.inFlight ?? pending.batches.next());
          next.done !== true;
          next = await pending.batches.next()
        ) {
          late.push(...next.value);
        }
        if (late.length > 0 && pending.generation === this.generation) {
          const verified = await this.context.verify(late);
          if (pending.generation === this.generation) this.known.add(verified);
        }
      } catch {
        // The client stopped, or the registry failed: the servers already known stay as they are.
      } finally {
        if (this.pending === pending) this.pending = undefined;
      }
    })();
    return pending.done;
  }

  private async discoverUntilQuorum(
    signal: AbortSignal | undefined,
    probeEarly: ProbeEarly | undefined,
  ): Promise<void> {
    const { context } = this;
    const generation = ++this.generation;
    this.dropPending();
    if (context.discoverBatches === undefined) {
      this.known.set(await context.verify(await context.discover({ signal })));
      return;
    }
    // The search is not bound to this call's signal: what the quorum does not wait for goes on in
    // the background, until it ends, the client stops, or a newer discovery replaces it.
    const controller = new AbortController();
    let trustedBound: number | undefined;
    const discovery = context.discoverBatches({
      signal: controller.signal,
      onTrustedBound: (bound) => {
        trustedBound = bound;
      },
      onContactable:
        probeEarly === undefined
          ? undefined
          : (pool) => {
              if (this.allToChooseFrom(pool, trustedBound)) {
                probeEarly?.(pool, (peerId) => this.known.greyList.has(peerId));
              }
              probeEarly = undefined;
            },
    });
    const batches = discovery[Symbol.asyncIterator]();
    const servers: VerifiedCandidate[] = [];
    const wait = new QuorumWait(context.options.discoveryQuorumWaitMs);
    try {
      for (;;) {
        const asked = batches.next();
        const next = await traced(
          "selection:discover",
          async () => untilAborted(wait.race(asked), signal),
          (got) => ({ expired: got === EXPIRED, candidates: got === EXPIRED ? 0 : (got.value?.length ?? 0) }),
        );
        if (next !== EXPIRED) {
          if (next.done === true) break;
          const batch = next.value;
          servers.push(
            ...(await traced(
              "selection:verify",
              async () => context.verify(batch),
              (verified) => ({
                candidates: batch.length,
                usable: verified.filter((s) => this.known.usable(s)).length,
                trustedBound: trustedBound ?? "unknown",
              }),
            )),
          );
        }
        const usable = servers.filter((s) => this.known.usable(s)).length;
        // Every node the registry could trust is known: the DHT can add none the selection may use.
        const complete =
          usable > 0 &&
          trustedBound !== undefined &&
          servers.filter((s) => s.trusted && !s.custom).length >= trustedBound;
        if (next === EXPIRED || complete || usable >= context.options.discoveryQuorum) {
          if (generation === this.generation) {
            const inFlight = next === EXPIRED ? asked : undefined;
            this.pending = { batches, inFlight, controller, generation, done: undefined };
          } else {
            controller.abort();
          }
          break;
        }
        // The registry-known servers are verified: the DHT has a short while to complete the quorum.
        if (usable > 0) wait.start();
      }
    } catch (err) {
      controller.abort();
      throw err;
    } finally {
      wait.stop();
    }
    if (generation === this.generation) this.known.set(servers);
  }

  /**
   * Whether the servers that may be contacted before verification are expected to end the wait for
   * discovery (as many as the quorum, or as many records as the policy can trust nodes), so that
   * early pings drawn from them are drawn from every server a selection will choose among.
   */
  private allToChooseFrom(pool: ContactablePool, trustedBound: number | undefined): boolean {
    const complete = trustedBound !== undefined && pool.recordCount >= trustedBound;
    return pool.size > 0 && (complete || pool.size >= this.context.options.discoveryQuorum);
  }

  private dropPending(): void {
    this.pending?.controller.abort();
    this.pending = undefined;
  }
}
