import type { Libp2p } from "@libp2p/interface";

import type { Candidate } from "../discovery/candidate.js";
import type { SelectionReason, WaymarkEventTarget } from "../events.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { NodeVerifier } from "../kernel/registry/verifier.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { VerifiedCandidate } from "../verification/types.js";
import { GreyList } from "./greyList.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** The server in use. */
export interface Selection {
  /** The server, with its verdict (`Trusted` or `Custom`) and provider. */
  server: VerifiedCandidate;
  /** Ping round trip measured when it was chosen, in milliseconds. */
  rttMs: number;
  /** When it was chosen (milliseconds since the epoch). */
  selectedAt: number;
}

/** What {@link KnownServers} needs of its client. */
export interface KnownServersContext {
  host: Libp2p<BaseServices>;
  options: Pick<ResolvedClientOptions, "greyListBaseMs" | "greyListMaxMs">;
  events: WaymarkEventTarget;
  verifier: NodeVerifier;
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
}

/**
 * The servers a client knows, with their latest verdicts, the grey list of those that failed, and
 * the sticky choice among them: kept until it fails (`failover`) or is revoked (`revoked`).
 */
export class KnownServers {
  /** Servers that failed recently, kept out with exponential back-off. */
  readonly greyList: GreyList;
  private servers: VerifiedCandidate[] = [];
  private selection: Selection | undefined;
  private nextReason: SelectionReason = "initial";

  /** @param context - Host, options, events, verifier and the verify action. */
  constructor(private readonly context: KnownServersContext) {
    this.greyList = new GreyList({
      baseMs: context.options.greyListBaseMs,
      maxMs: context.options.greyListMaxMs,
    });
  }

  /** The selected server, if one is selected. */
  get current(): Selection | undefined {
    return this.selection;
  }

  /** Every server known, with its latest verdict. */
  get list(): readonly VerifiedCandidate[] {
    return this.servers;
  }

  /** @param servers - The known servers from now on (a new discovery's). */
  set(servers: VerifiedCandidate[]): void {
    this.servers = servers;
  }

  /** @param verified - Servers found late; those not known yet are added. */
  add(verified: readonly VerifiedCandidate[]): void {
    const known = new Set(this.servers.map((s) => s.peerId));
    this.servers = [...this.servers, ...verified.filter((s) => !known.has(s.peerId))];
  }

  /** Verifies the known servers again (answers younger than the cache time are reused). */
  async reverify(): Promise<void> {
    this.servers = await this.context.verify(this.servers);
  }

  /**
   * @param server - A known server.
   * @returns Whether it may be chosen: trusted and not grey-listed.
   */
  usable(server: VerifiedCandidate): boolean {
    return server.trusted && !this.greyList.has(server.peerId);
  }

  /**
   * @param peerId - A server's peer id.
   * @returns The known server with that id, if any.
   */
  find(peerId: string): VerifiedCandidate | undefined {
    return this.servers.find((s) => s.peerId === peerId);
  }

  /** Drops the sticky choice (the reason of the next one does not change). */
  unselect(): void {
    this.selection = undefined;
  }

  /**
   * The sticky choice, when it still stands: a custom server as it is; a registry server once
   * verified again (from the cache while it is fresh). A server the registry no longer trusts is
   * revoked.
   *
   * @returns The choice, or undefined when a new one must be made.
   */
  async sticky(): Promise<Selection | undefined> {
    const current = this.selection;
    if (current === undefined) return undefined;
    if (current.server.custom) return current;
    const [latest] = await this.context.verify([current.server]);
    this.replace(latest);
    if (latest?.trusted === true && this.selection === current) {
      current.server = latest;
      return current;
    }
    if (latest !== undefined && !latest.trusted) await this.revoke(latest);
    return undefined;
  }

  /**
   * Makes a server the sticky choice: clears its grey-list record and emits `server:selected`
   * with why a choice was made.
   *
   * @param server - The chosen server.
   * @param rttMs - Its measured round trip.
   * @returns The selection.
   */
  choose(server: VerifiedCandidate, rttMs: number): Selection {
    const selection = { server, rttMs, selectedAt: Date.now() };
    this.selection = selection;
    this.greyList.succeed(server.peerId);
    const reason = this.nextReason;
    this.nextReason = "initial";
    this.context.events.emit("server:selected", { server, rttMs, reason });
    return selection;
  }

  /**
   * Records that a server failed: grey-lists it, drops it as the selection, emits `server:failed`.
   *
   * @param server - The server.
   * @param error - What went wrong.
   * @returns When it may be tried again (milliseconds since the epoch).
   */
  fail(server: VerifiedCandidate, error: Error): number {
    const retryAt = this.greyList.fail(server.peerId);
    if (this.selection?.server.peerId === server.peerId) {
      this.selection = undefined;
      this.nextReason = "failover";
    }
    this.context.events.emit("server:failed", { server, error, retryAt });
    return retryAt;
  }

  /** @param server - A server that just worked; its grey-list record is cleared. */
  succeed(server: VerifiedCandidate): void {
    this.greyList.succeed(server.peerId);
  }

  /**
   * Verifies every known server again, bypassing the cache, and drops those the registry no longer
   * trusts (closing the connection to the selected one).
   */
  async recheck(): Promise<void> {
    this.context.verifier.invalidate();
    const before = new Map(this.servers.map((s) => [s.peerId, s]));
    const verified = await this.context.verify([...before.values()]);
    // Keep servers that background discovery added meanwhile (verified when they were added).
    this.servers = [...verified, ...this.servers.filter((s) => !before.has(s.peerId))];
    for (const server of verified) {
      if (before.get(server.peerId)?.trusted === true && !server.trusted) await this.revoke(server);
    }
  }

  private async revoke(server: VerifiedCandidate): Promise<void> {
    const wasSelected = this.selection?.server.peerId === server.peerId;
    if (wasSelected) {
      this.selection = undefined;
      this.nextReason = "revoked";
      await this.context.host
        .hangUp(peerIdsOf(this.context.host).parse(server.peerId))
        .catch(() => undefined);
    }
    this.context.events.emit("server:revoked", { server, verdict: server.verdict, wasSelected });
  }

  private replace(server: VerifiedCandidate | undefined): void {
    if (server === undefined) return;
    const index = this.servers.findIndex((s) => s.peerId === server.peerId);
    if (index >= 0) this.servers[index] = server;
  }
}
