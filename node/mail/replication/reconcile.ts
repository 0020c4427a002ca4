import type { AbortOptions, PeerId } from "@libp2p/interface";

import { envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { MailBadResponseError, MailProtocolError } from "../../../client/mail/protocol/errors.js";
import type {
  DigestRequest,
  DigestResponse,
  Envelope,
  ListIdsRequest,
  ListIdsResponse,
} from "../../../client/mail/protocol/mail.generated.js";
import type { AcceptLimits } from "../accept.js";
import { acceptReplicated } from "../accept.js";
import type { MailStore, StoredEnvelope } from "../store/types.js";

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
  limits: AcceptLimits & { digestBuckets: number; listIdsPageSize: number; fetchBatchSize: number };
  clock: () => number;
  /** Called with the envelopes pulled and newly stored. */
  onPulled(envelopes: StoredEnvelope[], from: PeerId): void;
}

/** What one reconciliation did. */
export interface ReconcileResult {
  /** Envelopes pulled and newly stored. */
  pulled: number;
  /** Digest slices that differed. */
  differingBuckets: number;
}

/**
 * Pulls from a registered mail server every envelope it holds in [from, to] that this node lacks:
 * both sides summarise the range in equal time slices (count and id checksum), and only slices
 * that differ are listed by id; missing ids are fetched, checked and stored (deduplicated by id).
 * Each node pulls, so running it both ways makes two nodes converge.
 *
 * @param init - Store, node-to-node calls, limits and clock.
 * @param peer - The other mail server.
 * @param range - Inclusive time range, in ms.
 * @param options - Signal.
 * @returns How much was pulled.
 */
export async function reconcile(
  init: ReconcileInit,
  peer: PeerId,
  range: { from: number; to: number },
  options: AbortOptions = {},
): Promise<ReconcileResult> {
  const { from, to } = range;
  const buckets = init.limits.digestBuckets;
  const width = Math.ceil((to - from + 1) / buckets);
  const [remote, local] = await Promise.all([
    init.sync.digest(peer, { from, to, buckets }, options),
    init.store.digest(from, to, buckets, init.clock()),
  ]);
  const floor = init.store.stats().floor;
  let pulled = 0;
  let differingBuckets = 0;
  for (let index = 0; index < buckets; index++) {
    const theirs = remote.buckets[index] ?? { count: 0, sum: 0n };
    const ours = local[index] ?? { count: 0, sum: 0n };
    if (theirs.count === ours.count && theirs.sum === ours.sum) continue;
    differingBuckets += 1;
    const sliceFrom = Math.max(from + index * width, floor + 1);
    const sliceTo = Math.min(to, from + (index + 1) * width - 1);
    if (sliceFrom > sliceTo || theirs.count === 0) continue;
    pulled += await pullSlice(init, peer, sliceFrom, sliceTo, options);
  }
  return { pulled, differingBuckets };
}

async function pullSlice(
  init: ReconcileInit,
  peer: PeerId,
  from: number,
  to: number,
  options: AbortOptions,
): Promise<number> {
  let pulled = 0;
  let cursor = new Uint8Array(0);
  do {
    const page = await init.sync.listIds(
      peer,
      { from, to, cursor, limit: init.limits.listIdsPageSize },
      options,
    );
    const missing = await init.store.missing(page.ids);
    for (let start = 0; start < missing.length;) {
      const wanted = missing.slice(start, start + init.limits.fetchBatchSize);
      const { accepted, answered } = await fetchChecked(init, peer, wanted, options);
      if (answered === 0) break;
      const outcomes = await init.store.put(accepted);
      const stored = accepted.filter((_, index) => outcomes[index] === "stored");
      if (stored.length > 0) init.onPulled(stored, peer);
      pulled += stored.length;
      start += answered;
    }
    cursor = page.cursor;
  } while (cursor.byteLength > 0);
  return pulled;
}

/**
 * Fetches envelopes and keeps the valid ones. The server answers in the order asked, skipping
 * what it lacks and stopping at its size budget, so `answered` (one past the last id answered)
 * is where the next fetch starts.
 */
async function fetchChecked(
  init: ReconcileInit,
  peer: PeerId,
  ids: readonly Uint8Array[],
  options: AbortOptions,
): Promise<{ accepted: StoredEnvelope[]; answered: number }> {
  const wanted = new Map(ids.map((id, index) => [envelopeIdHex(id), index]));
  const envelopes = await init.sync.fetch(peer, ids, options);
  const accepted: StoredEnvelope[] = [];
  let answered = 0;
  for (const envelope of envelopes) {
    let stored: StoredEnvelope;
    try {
      stored = acceptReplicated(envelope, init.limits);
    } catch (err) {
      if (err instanceof MailProtocolError) continue;
      throw err;
    }
    const index = wanted.get(envelopeIdHex(stored.id));
    if (index === undefined) {
      throw new MailBadResponseError("The mail server answered an envelope that was not asked for");
    }
    answered = Math.max(answered, index + 1);
    accepted.push(stored);
  }
  return { accepted, answered };
}
