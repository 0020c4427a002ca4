import type { AbortOptions, ContentRouting, Logger, PeerId, PeerStore, Topology } from "@libp2p/interface";
import { TypedEventEmitter } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { PeerPolicyCheck, PeerVerdict } from "../services/types.js";

/** Candidates kept at most; more are ignored until checks have dropped those that are not peers. */
export const MAX_CANDIDATES = 1_024;

/**
 * New candidates are checked at most this often (in one call each time), so that peers that
 * connect or announce themselves cost at most one registry call per interval, however many.
 */
export const CANDIDATE_CHECK_INTERVAL_MS = 1_000;

/** What {@link ReplicationPeers} needs. */
export interface ReplicationPeersInit {
  self: PeerId;
  /** The kind's node-to-node protocol: peers that connect speaking it, or stored as speaking it, are candidates. */
  syncProtocol: string;
  registrar: {
    register(protocol: string, topology: Topology): Promise<string>;
    unregister(id: string): void;
  };
  peerStore: Pick<PeerStore, "all">;
  contentRouting: Pick<ContentRouting, "findProviders"> | undefined;
  /** The node's replication policy. */
  checkPeers: PeerPolicyCheck;
  /** DHT key the other servers of the kind announce; absent: connected peers only. */
  serviceKey: CID | undefined;
  /** Milliseconds between DHT searches. */
  refreshIntervalMs: number;
  log: Logger;
}

/** Events of {@link ReplicationPeers}. */
export interface ReplicationPeersEvents {
  /** A peer was found to be a replication peer. */
  "peer:registered": CustomEvent<PeerId>;
}

/** A replication peer and what the policy said of it. */
export interface AllowedPeer {
  peer: PeerId;
  verdict: PeerVerdict;
}

/**
 * The other servers of a kind this node replicates with. Candidates come from peers that connect and
 * speak the sync protocol, from the peer store (peers seen before), and from the DHT providers of
 * the service key; they are checked against the replication policy in batches (one registry call
 * for any number of them), kept while allowed, and dropped when not, so that neither the
 * candidates nor the registry calls grow with what strangers announce.
 */
export class ReplicationPeers extends TypedEventEmitter<ReplicationPeersEvents> {
  private readonly candidates = new Map<string, PeerId>();
  private readonly allowed = new Map<string, AllowedPeer>();
  private pending: Map<string, PeerId> | undefined;
  private lastCheck = 0;
  private topologyId: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private controller = new AbortController();
  private saidFull = false;

  constructor(private readonly init: ReplicationPeersInit) {
    super();
  }

  /** Starts watching connections, the peer store and the DHT. */
  async start(): Promise<void> {
    this.controller = new AbortController();
    this.topologyId = await this.init.registrar.register(this.init.syncProtocol, {
      onConnect: (peerId) => {
        this.add(peerId);
      },
    });
    this.timer = setInterval(() => void this.searchProviders(), this.init.refreshIntervalMs);
    void this.addStoredPeers().then(async () => this.searchProviders());
  }

  /** Stops watching and aborts searches in flight. */
  stop(): void {
    this.controller.abort();
    clearInterval(this.timer);
    if (this.topologyId !== undefined) this.init.registrar.unregister(this.topologyId);
    this.topologyId = undefined;
  }

  /**
   * Considers a peer as a replication partner. New candidates are checked together, in one call,
   * at once when none was checked within {@link CANDIDATE_CHECK_INTERVAL_MS}, else at the end of it.
   *
   * @param peerId - The peer.
   */
  add(peerId: PeerId): void {
    if (this.allowed.has(peerId.toString()) || !this.remember(peerId)) return;
    if (this.pending === undefined) {
      this.pending = new Map();
      const wait = Math.max(0, this.lastCheck + CANDIDATE_CHECK_INTERVAL_MS - Date.now());
      const timer = setTimeout(() => {
        const batch = [...(this.pending?.values() ?? [])];
        this.pending = undefined;
        this.lastCheck = Date.now();
        void this.check(batch, { signal: this.controller.signal });
      }, wait);
      timer.unref();
    }
    this.pending.set(peerId.toString(), peerId);
  }

  /**
   * Records what the policy said of a peer that was checked elsewhere (an inbound stream).
   *
   * @param peerId - The peer.
   * @param verdict - The policy's answer.
   */
  record(peerId: PeerId, verdict: PeerVerdict): void {
    const key = peerId.toString();
    if (!verdict.allowed) {
      this.allowed.delete(key);
      this.candidates.delete(key);
      return;
    }
    this.remember(peerId);
    const fresh = !this.allowed.has(key);
    this.allowed.set(key, { peer: peerId, verdict });
    if (fresh) {
      this.init.log("%p is a replication peer (%s)", peerId, verdict.reason);
      this.safeDispatchEvent("peer:registered", { detail: peerId });
    }
  }

  /**
   * Checks peers against the policy in one call and records the answers.
   *
   * @param peers - The peers.
   * @param options - Signal.
   * @returns The allowed ones, with their verdicts.
   */
  async check(peers: readonly PeerId[], options: AbortOptions = {}): Promise<AllowedPeer[]> {
    if (peers.length === 0) return [];
    let verdicts: PeerVerdict[];
    try {
      verdicts = await this.init.checkPeers(peers, options);
    } catch (err) {
      this.init.log("could not check %d peers: %e", peers.length, err);
      return [];
    }
    const allowed: AllowedPeer[] = [];
    peers.forEach((peer, index) => {
      const verdict = verdicts[index];
      if (verdict === undefined) return;
      this.record(peer, verdict);
      if (verdict.allowed) allowed.push({ peer, verdict });
    });
    return allowed;
  }

  /** The peers last confirmed as replication peers. */
  known(): PeerId[] {
    return [...this.allowed.values()].map((entry) => entry.peer);
  }

  /**
   * What the policy last said of a peer, if it is a replication peer.
   *
   * @param peerId - The peer.
   * @returns The entry, or undefined.
   */
  get(peerId: PeerId): AllowedPeer | undefined {
    return this.allowed.get(peerId.toString());
  }

  /**
   * Checks every candidate again, in one call (answers are cached by the registry check), and
   * returns those that are replication peers now.
   *
   * @param options - Signal.
   * @returns The replication peers.
   */
  async current(options: AbortOptions = {}): Promise<AllowedPeer[]> {
    return this.check([...this.candidates.values()], options);
  }

  /**
   * Waits until at least one replication peer is known.
   *
   * @param options - Signal; the wait ends with its reason when it aborts.
   */
  async waitForAny(options: AbortOptions = {}): Promise<void> {
    if (this.allowed.size > 0) return;
    const found = Promise.withResolvers<undefined>();
    const onFound = (): void => {
      found.resolve(undefined);
    };
    const onAbort = (): void => {
      found.reject(options.signal?.reason);
    };
    this.addEventListener("peer:registered", onFound, { once: true });
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (options.signal?.aborted === true) onAbort();
      await found.promise;
    } finally {
      this.removeEventListener("peer:registered", onFound);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Keeps a peer as a candidate, within {@link MAX_CANDIDATES}; false when it is not kept. */
  private remember(peerId: PeerId): boolean {
    if (peerId.equals(this.init.self)) return false;
    const key = peerId.toString();
    if (this.candidates.has(key)) return true;
    if (this.candidates.size >= MAX_CANDIDATES) {
      if (!this.saidFull) this.init.log("%d replication candidates known; ignoring more", MAX_CANDIDATES);
      this.saidFull = true;
      return false;
    }
    this.saidFull = false;
    this.candidates.set(key, peerId);
    return true;
  }

  /**
   * Adds the peers the peer store knows to speak the sync protocol (peers seen before this start).
   * Once only: reading the store decodes every peer it holds, each client that ever connected among
   * them (at 2,000 sessions a read allocated 26 MB on the event loop), and a peer that speaks the
   * protocol later is a candidate when it connects (the topology) or announces itself (the DHT).
   */
  private async addStoredPeers(): Promise<void> {
    const signal = this.controller.signal;
    try {
      const stored = await this.init.peerStore.all({
        filters: [(peer) => peer.protocols.includes(this.init.syncProtocol)],
        signal,
      });
      for (const peer of stored) this.add(peer.id);
    } catch (err) {
      if (!signal.aborted) this.init.log("reading the replication peers of the peer store failed: %e", err);
    }
  }

  /** Adds the DHT's providers of the service key as they come (those of one turn checked in one call). */
  private async searchProviders(): Promise<void> {
    if (this.init.serviceKey === undefined || this.init.contentRouting === undefined) return;
    const signal = this.controller.signal;
    try {
      const search = AbortSignal.any([signal, AbortSignal.timeout(this.init.refreshIntervalMs)]);
      let seen = 0;
      for await (const provider of this.init.contentRouting.findProviders(this.init.serviceKey, {
        signal: search,
      })) {
        this.add(provider.id);
        if (++seen >= MAX_CANDIDATES) break;
      }
    } catch (err) {
      if (!signal.aborted) this.init.log("replication peer search ended: %e", err);
    }
  }
}
