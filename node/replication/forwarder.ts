import type { AbortOptions, Logger, PeerId } from "@libp2p/interface";

import type { ItemIdentity } from "./adapter.js";

/** What the {@link Forwarder} needs. */
export interface ForwarderInit<Item> {
  /** Sends one replication request. */
  send(peer: PeerId, items: Item[], options: AbortOptions): Promise<unknown>;
  /**
   * Checked before every request, so that a peer removed from the registry (or from the
   * replication policy) stops receiving items.
   */
  isReplicationPeer(peer: PeerId, options?: AbortOptions): Promise<boolean>;
  /** About how many bytes an item takes in a request. */
  itemBytes(item: Item): number;
  /**
   * For a kind whose items replace each other by key: what an item is. A queue then holds at most
   * one item of a key waiting to be sent, the highest version, so updates of one key never fill it.
   */
  identify?: ((item: Item) => ItemIdentity) | undefined;
  /** Items per request. */
  batchSize: number;
  /** Item bytes per request (at least one item is sent). */
  batchBytes: number;
  /** Items queued per peer before the oldest are dropped. */
  queueLimit: number;
  clock: () => number;
  log: Logger;
}

interface Queued<Item> {
  item: Item;
  queuedAt: number;
  /** Key and version, when the kind is versioned. */
  identity: ItemIdentity | undefined;
  /** In the request in flight: no longer replaced by a newer version. */
  sending: boolean;
}

interface PeerQueue<Item> {
  peer: PeerId;
  items: Queued<Item>[];
  /** The latest queued item of each key (versioned kinds). */
  byKey: Map<string, Queued<Item>>;
  draining: boolean;
}

/** Replication figures for the status. */
export interface ForwarderStats {
  /** Items waiting to be forwarded, over all peers. */
  queued: number;
  /** Age of the oldest waiting item, in ms (0 when none waits): the outbound replication lag. */
  lagMs: number;
  /** Items delivered to peers. */
  forwarded: number;
  /** Items dropped after a failed delivery or a full queue (anti-entropy brings them later). */
  dropped: number;
}

/**
 * Forwards items that clients put here to every replication peer, one ordered queue and one
 * request in flight per peer, batched; for a versioned kind a newer version of a key replaces the
 * one still waiting. A full queue drops its oldest item, and a failed delivery
 * drops that peer's queue: the periodic anti-entropy round repairs what it missed, so a slow or
 * absent peer never holds memory.
 */
export class Forwarder<Item> {
  private readonly queues = new Map<string, PeerQueue<Item>>();
  private controller = new AbortController();
  private forwarded = 0;
  private dropped = 0;

  constructor(private readonly init: ForwarderInit<Item>) {}

  /**
   * Queues an item for each peer.
   *
   * @param item - The item (wire fields).
   * @param peers - The replication peers to send it to.
   */
  forward(item: Item, peers: readonly PeerId[]): void {
    const now = this.init.clock();
    const identity = this.init.identify?.(item);
    for (const peer of peers) {
      const key = peer.toString();
      let queue = this.queues.get(key);
      if (queue === undefined) {
        queue = { peer, items: [], byKey: new Map(), draining: false };
        this.queues.set(key, queue);
      }
      if (identity === undefined || !this.coalesce(queue, item, identity)) {
        const queued: Queued<Item> = { item, queuedAt: now, identity, sending: false };
        queue.items.push(queued);
        if (identity !== undefined) queue.byKey.set(identity.key, queued);
        if (queue.items.length > this.init.queueLimit) {
          this.forget(queue, queue.items.shift());
          this.dropped += 1;
        }
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

  private async drain(queue: PeerQueue<Item>): Promise<void> {
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
          batch.map((queued) => queued.item),
          { signal },
        );
        for (const sent of queue.items.splice(0, batch.length)) this.forget(queue, sent);
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

  private nextBatch(queue: PeerQueue<Item>): Queued<Item>[] {
    let bytes = 0;
    let count = 0;
    for (const queued of queue.items) {
      bytes += this.init.itemBytes(queued.item);
      if (count === this.init.batchSize || (count > 0 && bytes > this.init.batchBytes)) break;
      count += 1;
    }
    const batch = queue.items.slice(0, count);
    for (const queued of batch) queued.sending = true;
    return batch;
  }

  /**
   * Folds an item into the queue's item of the same key: true when the queue already holds that
   * key at this version or a higher one, or held it waiting and now holds this newer version.
   */
  private coalesce(queue: PeerQueue<Item>, item: Item, identity: ItemIdentity): boolean {
    const held = queue.byKey.get(identity.key);
    if (held?.identity === undefined) return false;
    if (held.identity.version >= identity.version) return true;
    if (held.sending) return false;
    held.item = item;
    held.identity = identity;
    return true;
  }

  private forget(queue: PeerQueue<Item>, queued: Queued<Item> | undefined): void {
    const key = queued?.identity?.key;
    if (key !== undefined && queue.byKey.get(key) === queued) queue.byKey.delete(key);
  }

  private drop(queue: PeerQueue<Item>): void {
    this.dropped += queue.items.length;
    queue.items.length = 0;
    queue.byKey.clear();
  }
}
