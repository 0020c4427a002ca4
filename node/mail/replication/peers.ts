import type { AbortOptions, ContentRouting, Logger, PeerId, PeerStore, Topology } from "@libp2p/interface";
import { TypedEventEmitter } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import { MAIL_SYNC_PROTOCOL_1_0 } from "../../../client/mail/protocol/constants.js";

/** What {@link ReplicationPeers} needs. */
export interface ReplicationPeersInit {
  self: PeerId;
  registrar: {
    register(protocol: string, topology: Topology): Promise<string>;
    unregister(id: string): void;
  };
  peerStore: Pick<PeerStore, "all">;
  contentRouting: Pick<ContentRouting, "findProviders"> | undefined;
  isRegisteredPeer(peerId: PeerId, options?: AbortOptions): Promise<boolean>;
  /** DHT key the other mail servers announce; absent: connected peers only. */
  serviceKey: CID | undefined;
  /** Milliseconds between DHT searches. */
  refreshIntervalMs: number;
  log: Logger;
}

/** Events of {@link ReplicationPeers}. */
export interface ReplicationPeersEvents {
  /** A peer was found to be a registered mail server. */
  "peer:registered": CustomEvent<PeerId>;
}

/**
 * The other mail servers of the same registry and service. Candidates come from peers that
 * connect and speak the sync protocol, from the peer store (peers seen before), and from the DHT
 * providers of the service key; each is kept only while `isRegisteredPeer` says so.
 */
export class ReplicationPeers extends TypedEventEmitter<ReplicationPeersEvents> {
  private readonly candidates = new Map<string, PeerId>();
  private readonly registered = new Map<string, PeerId>();
  private topologyId: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private controller = new AbortController();

  constructor(private readonly init: ReplicationPeersInit) {
    super();
  }

  /** Starts watching connections, the peer store and the DHT. */
  async start(): Promise<void> {
    this.controller = new AbortController();
    this.topologyId = await this.init.registrar.register(MAIL_SYNC_PROTOCOL_1_0, {
      onConnect: (peerId) => {
        this.add(peerId);
      },
    });
    this.timer = setInterval(() => void this.refresh(), this.init.refreshIntervalMs);
    void this.refresh();
  }

  /** Stops watching and aborts searches in flight. */
  stop(): void {
    this.controller.abort();
    clearInterval(this.timer);
    if (this.topologyId !== undefined) this.init.registrar.unregister(this.topologyId);
    this.topologyId = undefined;
  }

  /**
   * Considers a peer as a replication partner; it is used once `isRegisteredPeer` confirms it.
   *
   * @param peerId - The peer.
   */
  add(peerId: PeerId): void {
    if (peerId.equals(this.init.self)) return;
    this.candidates.set(peerId.toString(), peerId);
    void this.check(peerId, { signal: this.controller.signal });
  }

  /**
   * Asks whether a peer is registered, and records the answer.
   *
   * @param peerId - The peer.
   * @param options - Signal.
   * @returns True when it is a registered mail server.
   */
  async check(peerId: PeerId, options: AbortOptions = {}): Promise<boolean> {
    const key = peerId.toString();
    let ok = false;
    try {
      ok = await this.init.isRegisteredPeer(peerId, options);
    } catch (err) {
      this.init.log("could not verify %p: %e", peerId, err);
    }
    if (!ok) {
      this.registered.delete(key);
      return false;
    }
    const fresh = !this.registered.has(key);
    this.registered.set(key, peerId);
    if (fresh) {
      this.init.log("%p is a registered mail server", peerId);
      this.safeDispatchEvent("peer:registered", { detail: peerId });
    }
    return true;
  }

  /** The peers last confirmed as registered mail servers. */
  known(): PeerId[] {
    return [...this.registered.values()];
  }

  /**
   * Re-checks every candidate (answers are cached by the registry check) and returns those that
   * are registered now.
   *
   * @param options - Signal.
   * @returns The registered mail servers.
   */
  async current(options: AbortOptions = {}): Promise<PeerId[]> {
    const peers = [...this.candidates.values()];
    const checks = await Promise.all(peers.map(async (peer) => this.check(peer, options)));
    return peers.filter((_, index) => checks[index] === true);
  }

  /**
   * Waits until at least one registered mail server is known.
   *
   * @param options - Signal; the wait ends with its reason when it aborts.
   */
  async waitForAny(options: AbortOptions = {}): Promise<void> {
    if (this.registered.size > 0) return;
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

  /** Adds the peers the peer store knows to speak the sync protocol, and the DHT providers. */
  private async refresh(): Promise<void> {
    const signal = this.controller.signal;
    try {
      const stored = await this.init.peerStore.all({
        filters: [(peer) => peer.protocols.includes(MAIL_SYNC_PROTOCOL_1_0)],
        signal,
      });
      for (const peer of stored) this.add(peer.id);
      if (this.init.serviceKey === undefined || this.init.contentRouting === undefined) return;
      const search = AbortSignal.any([signal, AbortSignal.timeout(this.init.refreshIntervalMs)]);
      for await (const provider of this.init.contentRouting.findProviders(this.init.serviceKey, {
        signal: search,
      })) {
        this.add(provider.id);
      }
    } catch (err) {
      if (!signal.aborted) this.init.log("mail server search ended: %e", err);
    }
  }
}
