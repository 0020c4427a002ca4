import { ENVELOPE_ID_BYTES } from "../../../client/mail/protocol/constants.js";
import { envelopeId, envelopeIdHex, toWire } from "../../../client/mail/protocol/envelope.js";
import {
  MailBadResponseError,
  MailInvalidQueryError,
  MailProtocolError,
  MailRateLimitedError,
  MailTimeoutError,
  MailUnauthorizedError,
} from "../../../client/mail/protocol/errors.js";
import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import type { ListingPosition, ReplicationAdapter, ReplicationErrors } from "../../replication/adapter.js";
import type { AcceptLimits } from "../accept.js";
import { acceptReplicated } from "../accept.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { MailStore, Position, StoredEnvelope } from "../store/types.js";
import { storeWriteError } from "../store/writeFailure.js";
import { MAIL_SYNC_PROTOCOL_1_0 } from "../sync/constants.js";

/** Digest sums travel modulo 2^53, exact as JavaScript numbers (see `sync.proto`). */
const DIGEST_SUM_MODULUS = 2n ** 53n;

/** Mail's errors for the failures of replication, as the core and `SyncLimits` raise them. */
export const MAIL_REPLICATION_ERRORS: ReplicationErrors = {
  badResponse: (message, cause) => new MailBadResponseError(message, { cause }),
  timeout: (message, cause) => new MailTimeoutError(message, { cause }),
  invalidQuery: (message) => new MailInvalidQueryError(message),
  storeFailed: storeWriteError,
  rateLimited: (message, details) => new MailRateLimitedError(message, details),
  unauthorized: (message) => new MailUnauthorizedError(message),
};

/** What {@link mailReplicationAdapter} needs. */
export interface MailReplicationAdapterInit {
  store: MailStore;
  /** Checks of a replicated envelope, and the clock skews and retention that bound the ranges. */
  limits: AcceptLimits & { clockSkewMarginMs: number };
}

/**
 * Mail as the replication core sees it: an item is an envelope, keyed by its id, never versioned
 * (an envelope never changes), positioned by its timestamp; ranges are time ranges (the retention,
 * or since the node was last in sync, widened by the clock skews allowed); a listing's cursor is
 * mail's (timestamp, id) cursor, and a replicated envelope is checked as a push is. The envelopes
 * travel in `/waymark/mail/sync/1.0.0` (`sync/sync.proto`: see `mailSyncTransport`).
 *
 * @param init - Store and limits.
 * @returns The adapter.
 */
export function mailReplicationAdapter(
  init: MailReplicationAdapterInit,
): ReplicationAdapter<Envelope, StoredEnvelope> {
  const { store, limits } = init;
  const ahead = (now: number): number => now + limits.maxFutureSkewMs + limits.clockSkewMarginMs;
  return {
    label: "mail server",
    syncProtocol: MAIL_SYNC_PROTOCOL_1_0,
    store: {
      digest: async (range, buckets, now) =>
        (await store.digest(range.from, range.to, buckets, now)).map((bucket) => ({
          count: bucket.count,
          sum: bucket.sum % DIGEST_SUM_MODULUS,
        })),
      missing: async (ids) => store.missing(ids),
      listIds: async (range, after, limit, now) => {
        const page = await store.listIds(range.from, range.to, after && toPosition(after), limit, now);
        return { ids: page.ids, next: page.next && fromPosition(page.next) };
      },
      get: async (ids, maxBytes, now) => store.get(ids, maxBytes, now),
      put: async (envelopes) => store.put(envelopes),
      floor: () => store.stats().floor,
      getMeta: async (key) => store.getMeta(key),
      setMeta: async (key, value) => store.setMeta(key, value),
    },
    ranges: {
      all: (now) => ({ from: Math.max(0, now - limits.maxRetentionSeconds * 1000), to: ahead(now) }),
      since: (lastAlive, now) => ({
        from: Math.max(0, lastAlive - limits.maxPastSkewMs - limits.clockSkewMarginMs),
        to: ahead(now),
      }),
    },
    parseId: (id) =>
      id.byteLength === ENVELOPE_ID_BYTES ? { key: envelopeIdHex(id), version: 0 } : undefined,
    identify: (envelope) => ({ key: envelopeIdHex(envelopeId(envelope)), version: 0 }),
    encodeCursor: (position) => encodeCursor(toPosition(position)),
    decodeCursor: (cursor) => {
      const position = decodeCursor(cursor);
      if (position === undefined) throw new MailInvalidQueryError("An empty cursor names no position");
      return fromPosition(position);
    },
    toItem: toWire,
    frameBytes: (envelope) => envelope.payload.byteLength + envelope.topic.length * 3 + 32,
    quotaBytes: (envelope) => envelope.payload.byteLength + envelope.topic.length,
    verify: (envelope, from, now) => {
      try {
        return { ok: true, stored: acceptReplicated(envelope, limits, now, from.origin) };
      } catch (err) {
        if (!(err instanceof MailProtocolError)) throw err;
        return { ok: false, error: err };
      }
    },
    timestampOf: (envelope) => envelope.timestamp,
    errors: MAIL_REPLICATION_ERRORS,
  };
}

function toPosition(position: ListingPosition): Position {
  return { timestamp: position.position, id: position.id };
}

function fromPosition(position: Position): ListingPosition {
  return { position: position.timestamp, id: position.id };
}
