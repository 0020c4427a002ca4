import type { AbortOptions, PeerId } from "@libp2p/interface";

import type {
  ListingPosition,
  ReplicationAdapter,
  ReplicationTransport,
  SyncCallOptions,
  SyncOrigin,
  SyncRange,
} from "./adapter.js";
import { compareBytes } from "./compareBytes.js";
import type { ReplicationLimits } from "./limits.js";

/** What {@link reconcile} needs. */
export interface ReconcileInit<Item, Stored> {
  adapter: ReplicationAdapter<Item, Stored>;
  /** The kind's node-to-node requests. */
  transport: ReplicationTransport<Item>;
  limits: Pick<
    ReplicationLimits,
    | "digestBuckets"
    | "listIdsPageSize"
    | "fetchBatchSize"
    | "syncMaxPages"
    | "syncTimeoutMs"
    | "maxSyncFrameBytes"
  >;
  clock: () => number;
  /** Called with the items pulled and newly stored. */
  onPulled(items: Stored[], from: PeerId): void;
}

/** What one reconciliation did. */
export interface ReconcileResult {
  /** Items pulled and newly stored. */
  pulled: number;
  /** Digest slices that differed. */
  differingBuckets: number;
  /** Items the peer answered that failed verification (or were older than listed), dropped. */
  refused: number;
}

interface Round {
  pulled: number;
  pages: number;
  refused: number;
}

/**
 * Pulls from a peer every item it holds in a range that this node lacks (or, for a versioned kind,
 * holds at a lower version): both sides summarise the range in equal slices (count and checksum),
 * and only slices that differ are listed by id; wanted ids are fetched, verified as a client's put
 * would be, and stored (the store keeps the higher version). Each node pulls, so running it both
 * ways makes two nodes converge.
 *
 * Nothing the peer says is taken on its word: the transport refuses an answer with more items than
 * asked for while decoding, a listing must hold well-formed ids and a cursor that moves forward
 * within the slice, an answered item must be one asked for, at no lower version than listed, a
 * round lists at most `syncMaxPages` pages, and the caller's signal bounds its time. A peer that
 * breaks a rule ends the round with the kind's `badResponse` error; an item that fails
 * verification is dropped and counted in `refused`.
 *
 * @param init - The kind's adapter, limits and clock.
 * @param from - The peer and its origin key.
 * @param range - The inclusive range of positions.
 * @param options - Signal (the round's deadline).
 * @returns How much was pulled.
 * @throws The kind's `badResponse` error when the peer breaks a rule of the protocol or the page
 * budget, or what the kind's transport throws.
 */
export async function reconcile<Item, Stored>(
  init: ReconcileInit<Item, Stored>,
  from: SyncOrigin,
  range: SyncRange,
  options: AbortOptions = {},
): Promise<ReconcileResult> {
  const { adapter } = init;
  const buckets = init.limits.digestBuckets;
  const width = Math.ceil((range.to - range.from + 1) / buckets);
  const [remote, local] = await Promise.all([
    init.transport.digest(from.peer, { range, buckets }, callOptions(init, options)),
    adapter.store.digest(range, buckets, init.clock()),
  ]);
  const floor = adapter.store.floor();
  const round: Round = { pulled: 0, pages: 0, refused: 0 };
  let differingBuckets = 0;
  for (let index = 0; index < buckets; index++) {
    const theirs = remote[index] ?? { count: 0, sum: 0n };
    const ours = local[index] ?? { count: 0, sum: 0n };
    if (theirs.count === ours.count && theirs.sum === ours.sum) continue;
    differingBuckets += 1;
    const sliceFrom = Math.max(range.from + index * width, floor + 1);
    const sliceTo = Math.min(range.to, range.from + (index + 1) * width - 1);
    if (sliceFrom > sliceTo || theirs.count === 0) continue;
    await pullSlice(init, from, { from: sliceFrom, to: sliceTo }, round, options);
  }
  return { pulled: round.pulled, differingBuckets, refused: round.refused };
}

async function pullSlice<Item, Stored>(
  init: ReconcileInit<Item, Stored>,
  from: SyncOrigin,
  slice: SyncRange,
  round: Round,
  options: AbortOptions,
): Promise<void> {
  const { adapter } = init;
  let cursor: Uint8Array = new Uint8Array(0);
  let position: ListingPosition | undefined;
  do {
    if (++round.pages > init.limits.syncMaxPages) {
      throw adapter.errors.badResponse(
        `The ${adapter.label}'s listings exceed the round's budget of ${init.limits.syncMaxPages} pages`,
      );
    }
    const page = await init.transport.listIds(
      from.peer,
      { range: slice, cursor, limit: init.limits.listIdsPageSize },
      callOptions(init, options),
    );
    const listed = parseIds(adapter, page.ids);
    if (page.cursor.byteLength > 0) position = nextPosition(adapter, page.cursor, position, slice);
    const missing = await adapter.store.missing(page.ids);
    for (let start = 0; start < missing.length;) {
      const wanted = missing.slice(start, start + init.limits.fetchBatchSize);
      const { accepted, answered } = await fetchChecked(init, from, wanted, listed, round, options);
      if (answered === 0) break;
      const outcomes = await adapter.store.put(accepted);
      const stored = accepted.filter((_, index) => outcomes[index] === "stored");
      if (stored.length > 0) init.onPulled(stored, from.peer);
      round.pulled += stored.length;
      start += answered;
    }
    cursor = page.cursor;
  } while (cursor.byteLength > 0);
}

/** The versions the listed ids name, by key; refuses a listing with an id that is not one. */
function parseIds<Item, Stored>(
  adapter: ReplicationAdapter<Item, Stored>,
  ids: readonly Uint8Array[],
): Map<string, number> {
  const listed = new Map<string, number>();
  for (const id of ids) {
    const identity = adapter.parseId(id);
    if (identity === undefined) {
      throw adapter.errors.badResponse(`The ${adapter.label} listed an id that is not an id of its kind`);
    }
    listed.set(identity.key, identity.version);
  }
  return listed;
}

/**
 * The position a listing's cursor names, checked to lie within the slice and strictly after the
 * previous one, so that a listing always ends.
 */
function nextPosition<Item, Stored>(
  adapter: ReplicationAdapter<Item, Stored>,
  cursor: Uint8Array,
  previous: ListingPosition | undefined,
  slice: SyncRange,
): ListingPosition {
  let position: ListingPosition;
  try {
    position = adapter.decodeCursor(cursor);
  } catch (err) {
    throw adapter.errors.badResponse(`The ${adapter.label} answered a malformed cursor`, err);
  }
  if (position.position < slice.from || position.position > slice.to) {
    throw adapter.errors.badResponse(`The ${adapter.label}'s cursor lies outside the listed range`);
  }
  const advances =
    previous === undefined ||
    position.position > previous.position ||
    (position.position === previous.position && compareBytes(position.id, previous.id) > 0);
  if (!advances) throw adapter.errors.badResponse(`The ${adapter.label}'s cursor does not move forward`);
  return position;
}

/**
 * Fetches items and keeps those that pass verification. The peer answers in the order asked,
 * skipping what it lacks and stopping at its size budget, so `answered` (one past the last id
 * answered, kept or not) is where the next fetch starts.
 */
async function fetchChecked<Item, Stored>(
  init: ReconcileInit<Item, Stored>,
  from: SyncOrigin,
  ids: readonly Uint8Array[],
  listed: ReadonlyMap<string, number>,
  round: Round,
  options: AbortOptions,
): Promise<{ accepted: Stored[]; answered: number }> {
  const { adapter } = init;
  const wanted = new Map<string, number>();
  ids.forEach((id, index) => {
    const identity = adapter.parseId(id);
    if (identity !== undefined) wanted.set(identity.key, index);
  });
  const items = await init.transport.fetch(from.peer, ids, callOptions(init, options));
  const now = init.clock();
  const accepted: Stored[] = [];
  let answered = 0;
  for (const item of items) {
    const identity = adapter.identify(item);
    const index = wanted.get(identity.key);
    if (index === undefined) {
      throw adapter.errors.badResponse(`The ${adapter.label} answered an item that was not asked for`);
    }
    answered = Math.max(answered, index + 1);
    if (identity.version < (listed.get(identity.key) ?? 0)) {
      round.refused += 1;
      continue;
    }
    const verified = adapter.verify(item, from, now);
    if (verified.ok) accepted.push(verified.stored);
    else round.refused += 1;
  }
  return { accepted, answered };
}

function callOptions<Item, Stored>(
  init: ReconcileInit<Item, Stored>,
  options: AbortOptions,
): SyncCallOptions {
  return {
    ...options,
    timeoutMs: init.limits.syncTimeoutMs,
    maxResponseFrameBytes: init.limits.maxSyncFrameBytes,
  };
}
