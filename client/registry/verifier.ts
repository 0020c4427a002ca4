import { getAddress } from "ethers";

import { RpcUnreachableError } from "../errors/registry.js";
import type { RegistryClient } from "./connect.js";
import type { NodeVerification, Verdict } from "./verifyNodes.js";
import { verifyNodes } from "./verifyNodes.js";

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
   * milliseconds, counted from when it was made.
   * @default 300000
   */
  staleGraceMs?: number | undefined;
  /** Clock, for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** A verification with its age. */
export interface CachedVerification extends NodeVerification {
  /** When the registry answered, in milliseconds since the epoch. */
  verifiedAt: number;
  /** True when the registry could not be asked and this answer is older than the cache time. */
  stale: boolean;
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
 * Verifies nodes against the registry with a short cache: any number of nodes cost at most one
 * `verifyNodes` call, and a revocation is seen within `cacheTtlMs` (or at once after
 * {@link NodeVerifier.invalidate}). When the RPC is down, answers younger than `staleGraceMs` are
 * reused and marked stale.
 */
export class NodeVerifier {
  readonly service: string;
  readonly trustedProviders: readonly bigint[];
  private readonly client: RegistryClient;
  private readonly cacheTtlMs: number;
  private readonly staleGraceMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, CachedVerification>();
  private lastFailure: number | undefined;

  /**
   * @param client - The registry connection.
   * @param init - Service, trust policy and cache times.
   */
  constructor(client: RegistryClient, init: NodeVerifierInit) {
    this.client = client;
    this.service = init.service;
    this.trustedProviders = init.trustedProviders ?? [];
    this.cacheTtlMs = init.cacheTtlMs ?? 15_000;
    this.staleGraceMs = init.staleGraceMs ?? 300_000;
    this.now = init.now ?? Date.now;
  }

  /**
   * Verifies nodes, asking the registry once for all that are not freshly cached.
   *
   * @param nodes - Node addresses.
   * @returns One verification per node, in order.
   * @throws RpcUnreachableError when the registry cannot be asked and some node has no answer
   * younger than the grace time.
   */
  async verify(nodes: readonly string[]): Promise<CachedVerification[]> {
    const addresses = nodes.map((node) => getAddress(node));
    const now = this.now();
    const misses = [...new Set(addresses.filter((node) => !this.isFresh(this.cache.get(node), now)))];
    if (misses.length > 0) {
      try {
        const answers = await verifyNodes(this.client, {
          nodes: misses,
          service: this.service,
          trustedProviders: this.trustedProviders,
        });
        const verifiedAt = this.now();
        for (const answer of answers) this.cache.set(answer.node, { ...answer, verifiedAt, stale: false });
        this.lastFailure = undefined;
      } catch (err) {
        if (!(err instanceof RpcUnreachableError)) throw err;
        this.lastFailure = this.now();
        const usable = misses.every((node) => this.withinGrace(this.cache.get(node), now));
        if (!usable) throw err;
        for (const node of misses) {
          const entry = this.cache.get(node);
          if (entry !== undefined) entry.stale = true;
        }
      }
    }
    return addresses.map((node) => {
      const entry = this.cache.get(node);
      if (entry === undefined) throw new Error(`no verification for ${node}`);
      return { ...entry };
    });
  }

  /**
   * Forgets cached answers so that the next {@link verify} asks the registry.
   *
   * @param node - One node to forget; all when absent.
   */
  invalidate(node?: string): void {
    if (node === undefined) this.cache.clear();
    else this.cache.delete(getAddress(node));
  }

  /**
   * The last answer for a node, without asking the registry, if it is younger than the grace
   * time; marked stale when it is older than the cache time.
   *
   * @param node - The node address.
   * @returns The answer, or undefined when there is none within the grace time.
   */
  peek(node: string): CachedVerification | undefined {
    const entry = this.cache.get(getAddress(node));
    const now = this.now();
    if (entry === undefined || !this.withinGrace(entry, now)) return undefined;
    return { ...entry, stale: entry.stale || !this.isFresh(entry, now) };
  }

  /** When the last registry call failed (milliseconds since the epoch), if the latest one did. */
  get lastFailureAt(): number | undefined {
    return this.lastFailure;
  }

  private isFresh(entry: CachedVerification | undefined, now: number): boolean {
    return entry !== undefined && !entry.stale && now - entry.verifiedAt < this.cacheTtlMs;
  }

  private withinGrace(entry: CachedVerification | undefined, now: number): boolean {
    return entry !== undefined && now - entry.verifiedAt < this.staleGraceMs;
  }
}
