import type { AbortOptions, PeerId } from "@libp2p/interface";

import { ENVELOPE_ID_BYTES } from "../../../client/mail/protocol/constants.js";
import { envelopeId, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { MailBadResponseError, MailProtocolError } from "../../../client/mail/protocol/errors.js";
import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import type { AcceptLimits } from "../accept.js";
import { acceptReplicated } from "../accept.js";
import { compareBytes, decodeCursor } from "../cursor.js";
import type { MailStore, Position, StoredEnvelope } from "../store/types.js";
import type {
  DigestRequest,
  DigestResponse,
  ListIdsRequest,
  ListIdsResponse,
} from "../sync/sync.generated.js";

/** The node-to-node requests reconciliation makes. */
export interface SyncCalls {
  digest(peer: PeerId, request: DigestRequest, options: AbortOptions): Promise<DigestResponse>;
  listIds(peer: PeerId, request: ListIdsRequest, options: AbortOptions): Promise<ListIdsResponse>;
  fetch(peer: PeerId, ids: readonly Uint8Array[], options: AbortOptions): Promise<Envelope[]>;
}

/** What {@link reconcile} needs. */
export interface ReconcileInit {
  store: MailStore;
  sync: SyncCalls;
  limits: AcceptLimits & {
    digestBuckets: number;
    listIdsPageSize: number;
    fetchBatchSize: number;
    syncMaxPages: number;
  };
  clock: () => number;
  /** Called with the envelopes pulled and newly stored. */
  onPulled(envelopes: StoredEnvelope[], from: PeerId): void;
}

/** The peer to reconcile with, and whose share what it sends counts to. */
export interface ReconcilePeer {
  peer: PeerId;
  /** Key of the peer's provider for store shares (see `StoredEnvelope.origin`). */
  origin: string | undefined;
}

/** What one reconciliation did. */
export interface ReconcileResult {
  /** Envelopes pulled and newly stored. */
  pulled: number;
  /** Digest slices that differed. */
  differingBuckets: number;
}

/**
 * Pulls from a mail server every envelope it holds in [from, to] that this node lacks: both sides
 * summarise the range in equal time slices (count and id checksum), and only slices that differ
 * are listed by id; missing ids are fetched, checked as a push would be, and stored (deduplicated
 * by id). Each node pulls, so running it both ways makes two nodes converge.
 *
 * Nothing the other server says is taken on its word: an answer with more items than asked for
 * is refused while decoding, a listing must hold well-formed ids and a cursor that moves forward
 * within the slice, a round lists at most `syncMaxPages` pages, and the caller's signal bounds
 * its time. A peer that breaks a rule ends the round with MailBadResponseError.
 *
 * @param init - Store, node-to-node calls, limits and clock.
 * @param from - The other mail server and its origin key.
 * @param range - Inclusive time range, in ms.
 * @param options - Signal (the round's deadline).
 * @returns How much was pulled.
 * @throws MailBadResponseError when the peer breaks a rule of the protocol or the page budget.
 */
export async function reconcile(
  init: ReconcileInit,
  from: ReconcilePeer,
  range: { from: number; to: number },
  options: AbortOptions = {},
): Promise<ReconcileResult> {
  const buckets = init.limits.digestBuckets;
  const width = Math.ceil((range.to - range.from + 1) / buckets);
  const [remote, local] = await Promise.all([
    init.sync.digest(from.peer, { from: range.from, to: range.to, buckets }, options),
    init.store.digest(range.from, range.to, buckets, init.clock()),
  ]);
  const floor = init.store.stats().floor;
  const round = { pulled: 0, pages: 0 };
  let differingBuckets = 0;
  for (let index = 0; index < buckets; index++) {
    const theirs = remote.buckets[index] ?? { count: 0, sum: 0n };
    const ours = local[index] ?? { count: 0, sum: 0n };
    if (theirs.count === ours.count && theirs.sum === ours.sum) continue;
    differingBuckets += 1;
    const sliceFrom = Math.max(range.from + index * width, floor + 1);
    const sliceTo = Math.min(range.to, range.from + (index + 1) * width - 1);
    if (sliceFrom > sliceTo || theirs.count === 0) continue;
    await pullSlice(init, from, { from: sliceFrom, to: sliceTo }, round, options);
  }
  return { pulled: round.pulled, differingBuckets };
}

async function pullSlice(
  init: ReconcileInit,
  from: ReconcilePeer,
  slice: { from: number; to: number },
  round: { pulled: number; pages: number },
  options: AbortOptions,
): Promise<void> {
  let cursor = new Uint8Array(0);
  let position: Position | undefined;
  do {
    if (++round.pages > init.limits.syncMaxPages) {
      throw new MailBadResponseError(
        `The mail server's listings exceed the round's budget of ${init.limits.syncMaxPages} pages`,
      );
    }
    const page = await init.sync.listIds(
      from.peer,
      { from: slice.from, to: slice.to, cursor, limit: init.limits.listIdsPageSize },
      options,
    );
    checkIds(page.ids);
    if (page.cursor.byteLength > 0) position = nextPosition(page.cursor, position, slice);
    const missing = await init.store.missing(page.ids);
    for (let start = 0; start < missing.length;) {
      const wanted = missing.slice(start, start + init.limits.fetchBatchSize);
      const { accepted, answered } = await fetchChecked(init, from, wanted, options);
      if (answered === 0) break;
      const outcomes = await init.store.put(accepted);
      const stored = accepted.filter((_, index) => outcomes[index] === "stored");
      if (stored.length > 0) init.onPulled(stored, from.peer);
      round.pulled += stored.length;
      start += answered;
    }
    cursor = page.cursor;
  } while (cursor.byteLength > 0);
}

function checkIds(ids: readonly Uint8Array[]): void {
  if (ids.some((id) => id.byteLength !== ENVELOPE_ID_BYTES)) {
    throw new MailBadResponseError("The mail server listed an id that is not an envelope id");
  }
}

/**
 * The position a listing's cursor names, checked to lie within the slice and strictly after the
 * previous one, so that a listing always ends.
 */
function nextPosition(
  cursor: Uint8Array,
  previous: Position | undefined,
  slice: { from: number; to: number },
): Position {
  let position: Position | undefined;
  try {
    position = decodeCursor(cursor);
  } catch (err) {
    throw new MailBadResponseError("The mail server answered a malformed cursor", { cause: err });
  }
  if (position === undefined || position.timestamp < slice.from || position.timestamp > slice.to) {
    throw new MailBadResponseError("The mail server's cursor lies outside the listed range");
  }
  const advances =
    previous === undefined ||
    position.timestamp > previous.timestamp ||
    (position.timestamp === previous.timestamp && compareBytes(position.id, previous.id) > 0);
  if (!advances) throw new MailBadResponseError("The mail server's cursor does not move forward");
  return position;
}

/**
 * Fetches envelopes and keeps those that pass the checks of a push. The server answers in the
 * order asked, skipping what it lacks and stopping at its size budget, so `answered` (one past the
 * last id answered, kept or not) is where the next fetch starts.
 */
async function fetchChecked(
  init: ReconcileInit,
  from: ReconcilePeer,
  ids: readonly Uint8Array[],
  options: AbortOptions,
): Promise<{ accepted: StoredEnvelope[]; answered: number }> {
  const wanted = new Map(ids.map((id, index) => [envelopeIdHex(id), index]));
  const envelopes = await init.sync.fetch(from.peer, ids, options);
  const now = init.clock();
  const accepted: StoredEnvelope[] = [];
  let answered = 0;
  for (const envelope of envelopes) {
    const index = wanted.get(envelopeIdHex(envelopeId(envelope)));
    if (index === undefined) {
      throw new MailBadResponseError("The mail server answered an envelope that was not asked for");
    }
    answered = Math.max(answered, index + 1);
    try {
      accepted.push(acceptReplicated(envelope, init.limits, now, from.origin));
    } catch (err) {
      if (!(err instanceof MailProtocolError)) throw err;
    }
  }
  return { accepted, answered };
}
