import type { PeerId } from "@libp2p/interface";

import type { DigestBucket, ReplicationAdapter, SyncOrigin, SyncRange } from "./adapter.js";
import type { ReplicationLimits } from "./limits.js";
import type { SyncQuotas } from "./quotas.js";

/** What a {@link ReplicationServer} needs. */
export interface ReplicationServerInit<Item, Stored> {
  adapter: ReplicationAdapter<Item, Stored>;
  /** The per-peer quotas of the kind's node-to-node protocol. */
  quotas: Pick<SyncQuotas, "chargeIncoming" | "chargeOutgoing">;
  limits: Pick<ReplicationLimits, "digestBuckets" | "maxResponseBytes">;
  /** Most ids one listing answers (the kind's decoding bound of a listing). */
  maxListedIds: number;
  clock: () => number;
  /** Called with the items a replication request newly stored. */
  onReplicated(items: Stored[], from: PeerId): void;
  /** Called when the store cannot write replicated items. */
  onStoreError?(error: Error): void;
}

/** What a replication request did. */
export interface ReplicateOutcome {
  /** Newly stored. */
  stored: number;
  /** Already held at this version. */
  duplicates: number;
  /** Refused: failed verification, or refused by the store (expired, over share, a higher version held). */
  rejected: number;
}

/**
 * Most digest slices a peer may ask for, as a multiple of the node's own `digestBuckets`.
 */
const MAX_BUCKETS_FACTOR = 16;

/**
 * The serving side of a kind's node-to-node protocol, apart from its wire: the kind's handler
 * decodes a request (bounded), charges the request to the peer (`SyncQuotas.chargeRequest`), calls
 * the method of its kind here, and encodes the answer. Every item a peer sends is charged to its
 * byte quota before it is verified, and verified as a client's put would be; what fails is refused
 * (counted, not stored) without failing the request. Listings and fetches are charged to the
 * peer's byte quota for what they answer.
 */
export class ReplicationServer<Item, Stored> {
  constructor(private readonly init: ReplicationServerInit<Item, Stored>) {}

  /**
   * Stores items a peer forwards: charges their bytes, verifies each, stores the rest in one commit.
   *
   * @param items - The items as received.
   * @param from - The admitted peer and its origin key.
   * @returns How many were newly stored, already held, and refused.
   * @throws The kind's rate-limited error, or `errors.storeFailed` when the store cannot write.
   */
  async replicate(items: readonly Item[], from: SyncOrigin): Promise<ReplicateOutcome> {
    const { adapter } = this.init;
    this.init.quotas.chargeIncoming(
      from.peer.toString(),
      items.reduce((sum, item) => sum + adapter.quotaBytes(item), 0),
    );
    const accepted: Stored[] = [];
    const now = this.init.clock();
    let rejected = 0;
    for (const item of items) {
      const verified = adapter.verify(item, from, now);
      if (verified.ok) accepted.push(verified.stored);
      else rejected += 1;
    }
    let outcomes;
    try {
      outcomes = await adapter.store.put(accepted);
    } catch (err) {
      const error = adapter.errors.storeFailed(err);
      this.init.onStoreError?.(error);
      throw error;
    }
    const stored = accepted.filter((_, index) => outcomes[index] === "stored");
    if (stored.length > 0) this.init.onReplicated(stored, from.peer);
    const duplicates = outcomes.filter((outcome) => outcome === "duplicate").length;
    rejected += outcomes.length - stored.length - duplicates;
    return { stored: stored.length, duplicates, rejected };
  }

  /**
   * Summarises the items held in a range (the request was charged to the peer's digest quota).
   *
   * @param request - The range and the number of slices.
   * @returns One bucket per slice, and the store's floor.
   * @throws The kind's invalid-query error when the range or the number of slices is out of bounds.
   */
  async digest(request: {
    range: SyncRange;
    buckets: number;
  }): Promise<{ buckets: DigestBucket[]; floor: number }> {
    const { adapter, limits } = this.init;
    this.checkRange(request.range);
    if (request.buckets < 1 || request.buckets > limits.digestBuckets * MAX_BUCKETS_FACTOR) {
      throw adapter.errors.invalidQuery("The number of digest buckets is out of range");
    }
    const buckets = await adapter.store.digest(request.range, request.buckets, this.init.clock());
    return { buckets, floor: adapter.store.floor() };
  }

  /**
   * One page of the ids held in a range, ordered by (position, id), charged to the peer's byte
   * quota (each id with two bytes of framing).
   *
   * @param request - The range, the cursor of the previous page (empty for the first) and the page size.
   * @param from - The admitted peer.
   * @returns The ids and the cursor of the next page (empty when none follows).
   * @throws The kind's invalid-query error (bad range or cursor), or its rate-limited error.
   */
  async listIds(
    request: { range: SyncRange; cursor: Uint8Array; limit: number },
    from: SyncOrigin,
  ): Promise<{ ids: Uint8Array[]; cursor: Uint8Array }> {
    const { adapter } = this.init;
    this.checkRange(request.range);
    const limit = Math.min(Math.max(request.limit, 1), this.init.maxListedIds);
    const after = request.cursor.byteLength === 0 ? undefined : adapter.decodeCursor(request.cursor);
    const page = await adapter.store.listIds(request.range, after, limit, this.init.clock());
    const cursor = page.next === undefined ? new Uint8Array(0) : adapter.encodeCursor(page.next);
    const bytes = page.ids.reduce((sum, id) => sum + id.byteLength + 2, 0);
    this.init.quotas.chargeOutgoing(from.peer.toString(), bytes);
    return { ids: page.ids, cursor };
  }

  /**
   * The items held of the ids asked for, in the order asked, within the response budget, charged
   * to the peer's byte quota.
   *
   * @param ids - Listed ids.
   * @param from - The admitted peer.
   * @returns The items found, as they travel.
   */
  async fetch(ids: readonly Uint8Array[], from: SyncOrigin): Promise<Item[]> {
    const { adapter } = this.init;
    const found = await adapter.store.get(ids, this.init.limits.maxResponseBytes, this.init.clock());
    const items = found.map((stored) => adapter.toItem(stored));
    this.init.quotas.chargeOutgoing(
      from.peer.toString(),
      items.reduce((sum, item) => sum + adapter.quotaBytes(item), 0),
    );
    return items;
  }

  private checkRange(range: SyncRange): void {
    if (range.from > range.to || range.to > Number.MAX_SAFE_INTEGER) {
      throw this.init.adapter.errors.invalidQuery("The range is invalid");
    }
  }
}
