import type { AbortOptions, Logger, PeerId } from "@libp2p/interface";

import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import type { ReplicateResponse } from "../sync/sync.generated.js";

/** What the {@link Forwarder} needs. */
export interface ForwarderInit {
  /** Sends one replication request. */
  send(peer: PeerId, envelopes: Envelope[], options: AbortOptions): Promise<ReplicateResponse>;
  /**
   * Checked before every request, so that a peer removed from the registry (or from the
   * replication policy) stops receiving mail.
   */
  isReplicationPeer(peer: PeerId, options?: AbortOptions): Promise<boolean>;
  /** Envelopes per request. */
  batchSize: number;
  /** Envelope bytes per request (at least one envelope is sent). */
  batchBytes: number;
  /** Envelopes queued per peer before the oldest are dropped. */
  queueLimit: number;
  clock: () => number;
  log: Logger;
}

interface Queued {
  envelope: Envelope;
  queuedAt: number;
}

interface PeerQueue {
  peer: PeerId;
  items: Queued[];
  draining: boolean;
}

/** Replication figures for the status. */
export interface ForwarderStats {
  /** Envelopes waiting to be forwarded, over all peers. */
  queued: number;
  /** Age of the oldest waiting envelope, in ms (0 when none waits): the outbound replication lag. */
  lagMs: number;
  /** Envelopes delivered to peers. */
  forwarded: number;
  /** Envelopes dropped after a failed delivery (anti-entropy brings them later). */
  dropped: number;
}

/**
 * Forwards envelopes that clients pushed here to every replication peer, one ordered queue
 * and one request in flight per peer, batched. A failed delivery drops that peer's queue: the
 * periodic anti-entropy round repairs what it missed, so a slow or absent peer never holds memory.
 */
export class Forwarder {
  private readonly queues = new Map<string, PeerQueue>();
  private controller = new AbortController();
  private forwarded = 0;
  private dropped = 0;

  constructor(private readonly init: ForwarderInit) {}

  /**
   * Queues an envelope for each peer.
   *
   * @param envelope - The envelope (wire fields).
   * @param peers - The replication peers to send it to.
   */
  forward(envelope: Envelope, peers: readonly PeerId[]): void {
    const now = this.init.clock();
    for (const peer of peers) {
      const key = peer.toString();
      let queue = this.queues.get(key);
      if (queue === undefined) {
        queue = { peer, items: [], draining: false };
        this.queues.set(key, queue);
      }
      queue.items.push({ envelope, queuedAt: now });
      if (queue.items.length > this.init.queueLimit) {
        queue.items.shift();
        this.dropped += 1;
      }
      if (!queue.draining) void this.drain(queue);
    }
  }

  /** Figures for the status. */
  stats(): ForwarderStats {
    const now = this.init.clock();
    let queued = 0;
    let oldest = now;
    for (const queue of this.queues.values()) {
      queued += queue.items.length;
      oldest = Math.min(oldest, queue.items[0]?.queuedAt ?? now);
    }
    return { queued, lagMs: now - oldest, forwarded: this.forwarded, dropped: this.dropped };
  }

  /** Aborts deliveries in flight and forgets every queue. */
  stop(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.queues.clear();
  }

  private async drain(queue: PeerQueue): Promise<void> {
    queue.draining = true;
    const signal = this.controller.signal;
    try {
      while (queue.items.length > 0 && !signal.aborted) {
        if (!(await this.init.isReplicationPeer(queue.peer, { signal }))) {
          this.init.log("%p is no longer a replication peer; dropping its queue", queue.peer);
          this.drop(queue);
          break;
        }
        const batch = this.nextBatch(queue);
        await this.init.send(
          queue.peer,
          batch.map((item) => item.envelope),
          { signal },
        );
        queue.items.splice(0, batch.length);
        this.forwarded += batch.length;
      }
    } catch (err) {
      if (!signal.aborted) {
        this.init.log("replication to %p failed, anti-entropy will repair: %e", queue.peer, err);
        this.drop(queue);
      }
    } finally {
      queue.draining = false;
      if (queue.items.length === 0) this.queues.delete(queue.peer.toString());
    }
  }

  private nextBatch(queue: PeerQueue): Queued[] {
    let bytes = 0;
    let count = 0;
    for (const item of queue.items) {
      bytes += item.envelope.payload.byteLength + item.envelope.topic.length * 3 + 32;
      if (count === this.init.batchSize || (count > 0 && bytes > this.init.batchBytes)) break;
      count += 1;
    }
    return queue.items.slice(0, count);
  }

  private drop(queue: PeerQueue): void {
    this.dropped += queue.items.length;
    queue.items.length = 0;
  }
}
