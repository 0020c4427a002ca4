import { checksumAddress } from "../identity/checksumAddress.js";
import { isRegistryUnavailable } from "../errors/availability.js";
import type { BatchOutcome } from "./coalescedCalls.js";
import { CoalescedCalls } from "./coalescedCalls.js";
import type { RegistryClient } from "./connect.js";
import type { NodeVerification, Verdict } from "./verifyNodes.js";
import { readFreshBlock, verifyNodes } from "./verifyNodes.js";

/** The defaults of {@link NodeVerifierInit}. */
export const VERIFIER_DEFAULTS = {
  cacheTtlMs: 15_000,
  staleGraceMs: 300_000,
  maxEntries: 10_000,
  maxNodesPerCall: 1_024,
  maxBlockAgeMs: 0,
} as const;

/**
 * Where a verifier reaches the registry: a connection, or a function that returns one and rejects
 * (with `RpcUnreachableError`, say) while the registry cannot be reached.
 */
export type RegistrySource = RegistryClient | (() => Promise<RegistryClient>);

/** Options of {@link NodeVerifier}. */
export interface NodeVerifierInit {
  /** Service name the nodes must serve, e.g. `mail/1`. */
  service: string;
  /** Providers trusted; empty or absent for the registry's default providers. */
  trustedProviders?: readonly bigint[] | undefined;
  /**
   * How long a verification is reused before the registry is asked again, in milliseconds.
   * @default 15000
   */
  cacheTtlMs?: number | undefined;
  /**
   * When the chain RPC fails, how long the last verification stays usable (marked stale), in
   * milliseconds, counted from when the registry gave it. Older answers are dropped.
   * @default 300000
   */
  staleGraceMs?: number | undefined;
  /**
   * Most answers kept; beyond it the oldest are dropped.
   * @default 10000
   */
  maxEntries?: number | undefined;
  /**
   * Most nodes asked about in one `verifyNodes` call (one `eth_call`, whose gas grows with the
   * nodes); more are split into several calls, sent together.
   * @default 1024
   */
  maxNodesPerCall?: number | undefined;
  /**
   * When above 0, every call first reads the RPC's latest block and verifies at it; a block older
   * than this (by its timestamp, against this machine's clock) means the endpoint lags, and the
   * call fails with `StaleChainError`, counted like an unreachable registry. 0 turns it off.
   * @default 0
   */
  maxBlockAgeMs?: number | undefined;
  /** Called when the registry answered a verification (not when the cache did). */
  onAnswer?: ((at: number) => void) | undefined;
  /** Called when the registry could not be asked. */
  onFailure?: ((error: Error, at: number) => void) | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** A verification with its age. */
export interface CachedVerification extends NodeVerification {
  /** When the registry answered, in milliseconds since the epoch. */
  verifiedAt: number;
  /**
   * True when this answer could not be renewed: the registry did not answer, and the answer is
   * older than the cache time or than the registry's last failure.
   */
  stale: boolean;
}

/** One cached answer. */
interface Entry {
  verification: NodeVerification;
  verifiedAt: number;
}

/**
 * Whether a node is registered and active for the service under an active provider, whatever the
 * caller's own trust policy says. Mail servers replicate among all such nodes.
 *
 * @param verdict - A verification verdict.
 * @returns True for `Trusted` and `ProviderNotTrusted`.
 */
export function isRegisteredVerdict(verdict: Verdict): boolean {
  return verdict === "Trusted" || verdict === "ProviderNotTrusted";
}

/**
 * Verifies nodes against the registry with a short, bounded cache:
 *
 * - calls to {@link NodeVerifier.verify} made in the same turn of the event loop share ONE
 *   `verifyNodes` call (split past `maxNodesPerCall` nodes), and a node already being asked about
 *   is not asked again, so N callers checking one node each cost one RPC request;
 * - a revocation is seen within `cacheTtlMs` (or at once after {@link NodeVerifier.invalidate});
 * - when the registry cannot be asked, answers younger than `staleGraceMs` are reused and marked
 *   stale, and they stay stale until the registry answers again;
 * - at most `maxEntries` answers are kept, none older than `staleGraceMs`;
 * - with `maxBlockAgeMs`, answers are taken at the RPC's latest block only when that block is
 *   recent: a lagging endpoint counts as an unavailable registry, not as a fresh answer.
 */
export class NodeVerifier {
  readonly service: string;
  readonly trustedProviders: readonly bigint[];
  private readonly source: () => Promise<RegistryClient>;
  private readonly cacheTtlMs: number;
  private readonly staleGraceMs: number;
  private readonly maxEntries: number;
  private readonly maxNodesPerCall: number;
  private readonly maxBlockAgeMs: number;
  private readonly init: NodeVerifierInit;
  private readonly now: () => number;
  /** Answers by node address, oldest first. */
  private readonly cache = new Map<string, Entry>();
  /** The registry calls: one per turn of the event loop, shared by the nodes asked about. */
  private readonly calls = new CoalescedCalls<Entry>(async (nodes) => this.ask(nodes));
  /** Bumped by every invalidation: answers of calls made before it are not cached. */
  private epoch = 0;
  private lastFailure: number | undefined;
  private lastAnswer: number | undefined;

  /**
   * @param client - The registry connection, or a function that returns it.
   * @param init - Service, trust policy, cache times and limits.
   */
  constructor(client: RegistrySource, init: NodeVerifierInit) {
    this.source = typeof client === "function" ? client : () => Promise.resolve(client);
    this.service = init.service;
    this.trustedProviders = init.trustedProviders ?? [];
    this.cacheTtlMs = init.cacheTtlMs ?? VERIFIER_DEFAULTS.cacheTtlMs;
    this.staleGraceMs = init.staleGraceMs ?? VERIFIER_DEFAULTS.staleGraceMs;
    this.maxEntries = Math.max(1, init.maxEntries ?? VERIFIER_DEFAULTS.maxEntries);
    this.maxNodesPerCall = Math.max(1, init.maxNodesPerCall ?? VERIFIER_DEFAULTS.maxNodesPerCall);
    this.maxBlockAgeMs = init.maxBlockAgeMs ?? VERIFIER_DEFAULTS.maxBlockAgeMs;
    this.init = init;
    this.now = init.now ?? Date.now;
  }

  /**
   * Verifies nodes, asking the registry (once, shared with concurrent callers) for all that are not
   * freshly cached.
   *
   * @param nodes - Node addresses.
   * @returns One verification per node, in order.
   * @throws RpcUnreachableError when the registry cannot be asked and some node has no answer
   * younger than the grace time.
   * @throws StaleChainError likewise, when the RPC's latest block is older than `maxBlockAgeMs`.
   */
  async verify(nodes: readonly string[]): Promise<CachedVerification[]> {
    const addresses = nodes.map((node) => checksumAddress(node));
    const unique = [...new Set(addresses)];
    this.prune(this.now());
    const known = new Map(unique.map((node) => [node, this.cache.get(node)]));
    const now = this.now();
    const misses = unique.filter((node) => !this.isFresh(known.get(node), now));
    const answers = new Map<string, CachedVerification>();
    for (const node of unique) {
      const entry = known.get(node);
      if (entry !== undefined && !misses.includes(node)) answers.set(node, view(entry, false));
    }
    if (misses.length > 0) {
      const results = await Promise.allSettled(misses.map(async (node) => this.calls.request(node)));
      const failures: Error[] = [];
      const at = this.now();
      misses.forEach((node, index) => {
        const result = results[index];
        if (result?.status === "fulfilled") {
          answers.set(node, view(result.value, false));
          return;
        }
        failures.push(asError(result?.reason));
        const entry = newest(this.cache.get(node), known.get(node));
        if (entry !== undefined && at - entry.verifiedAt < this.staleGraceMs)
          answers.set(node, view(entry, true));
      });
      const refusal = failures.find((failure) => !isRegistryUnavailable(failure));
      if (refusal !== undefined) throw refusal;
      const [first] = failures;
      if (first !== undefined && answers.size < unique.length) throw first;
    }
    return addresses.map((node) => {
      const answer = answers.get(node);
      if (answer === undefined) throw new Error(`no verification for ${node}`);
      return { ...answer };
    });
  }

  /**
   * Forgets cached answers so that the next {@link NodeVerifier.verify} asks the registry; a call
   * already under way is not reused, and its answers are not cached.
   *
   * @param node - One node to forget; all when absent.
   */
  invalidate(node?: string): void {
    this.epoch += 1;
    if (node === undefined) {
      this.cache.clear();
      this.calls.detach();
    } else {
      const address = checksumAddress(node);
      this.cache.delete(address);
      this.calls.detach(address);
    }
  }

  /**
   * The last answer for a node, without asking the registry, if it is younger than the grace
   * time; marked stale when it is older than the cache time or than the registry's last failure.
   *
   * @param node - The node address.
   * @returns The answer, or undefined when there is none within the grace time.
   */
  peek(node: string): CachedVerification | undefined {
    const now = this.now();
    this.prune(now);
    const entry = this.cache.get(checksumAddress(node));
    if (entry === undefined) return undefined;
    return view(entry, !this.isFresh(entry, now));
  }

  /**
   * Records that the registry did not answer someone else (an event watcher, say): the answers
   * held now count as stale, and the next verification asks the registry, until it answers.
   *
   * @param at - When it failed. @default now
   */
  markUnavailable(at: number = this.now()): void {
    this.lastFailure = Math.max(this.lastFailure ?? at, at);
  }

  /** When the registry last failed (milliseconds since the epoch), if it has not answered since. */
  get lastFailureAt(): number | undefined {
    return this.lastFailure;
  }

  /** When the registry last answered a verification (milliseconds since the epoch), if it did. */
  get lastAnswerAt(): number | undefined {
    return this.lastAnswer;
  }

  /** How many answers are cached. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * Asks the registry about a batch of nodes (all the nodes requested in one turn of the event
   * loop): `maxNodesPerCall` at a time, all calls at once, at one block.
   */
  private async ask(nodes: readonly string[]): Promise<BatchOutcome<Entry>> {
    const epoch = this.epoch;
    const outcome = new Map<string, Entry | Error>();
    let client: RegistryClient;
    let blockTag: number | undefined;
    try {
      client = await this.source();
      blockTag = await this.currentBlock(client);
    } catch (err) {
      this.failed(err);
      throw err;
    }
    const chunks: (readonly string[])[] = [];
    for (let start = 0; start < nodes.length; start += this.maxNodesPerCall) {
      chunks.push(nodes.slice(start, start + this.maxNodesPerCall));
    }
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const answers = await verifyNodes(client, {
            nodes: chunk,
            service: this.service,
            trustedProviders: this.trustedProviders,
            blockTag,
          });
          const at = this.now();
          for (const verification of answers) {
            const entry = { verification, verifiedAt: at };
            // An invalidation while the call ran: its callers get the answer, the cache does not.
            if (epoch === this.epoch) this.store(entry);
            outcome.set(verification.node, entry);
          }
          this.answered(at);
        } catch (err) {
          this.failed(err);
          for (const node of chunk) outcome.set(node, asError(err));
        }
      }),
    );
    return outcome;
  }

  /**
   * The latest block's number, to verify at, when the block age is bounded; undefined otherwise.
   *
   * @throws StaleChainError when that block is too old.
   */
  private async currentBlock(client: RegistryClient): Promise<number | undefined> {
    if (this.maxBlockAgeMs <= 0) return undefined;
    return (await readFreshBlock(client, { maxBlockAgeMs: this.maxBlockAgeMs, now: this.now })).number;
  }

  private store(entry: Entry): void {
    const node = entry.verification.node;
    this.cache.delete(node);
    this.cache.set(node, entry);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.maxEntries) break;
      this.cache.delete(oldest);
    }
  }

  /** Drops answers older than the grace time (the oldest come first). */
  private prune(now: number): void {
    for (const [node, entry] of this.cache) {
      if (now - entry.verifiedAt < this.staleGraceMs) break;
      this.cache.delete(node);
    }
  }

  private answered(at: number): void {
    this.lastFailure = undefined;
    this.lastAnswer = Math.max(this.lastAnswer ?? at, at);
    this.init.onAnswer?.(at);
  }

  private failed(err: unknown): void {
    if (!isRegistryUnavailable(err)) return;
    const at = this.now();
    this.markUnavailable(at);
    this.init.onFailure?.(asError(err), at);
  }

  private isFresh(entry: Entry | undefined, now: number): boolean {
    return (
      entry !== undefined &&
      now - entry.verifiedAt < this.cacheTtlMs &&
      (this.lastFailure === undefined || entry.verifiedAt > this.lastFailure)
    );
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function view(entry: Entry, stale: boolean): CachedVerification {
  return { ...entry.verification, verifiedAt: entry.verifiedAt, stale };
}

function newest(a: Entry | undefined, b: Entry | undefined): Entry | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.verifiedAt >= b.verifiedAt ? a : b;
}
