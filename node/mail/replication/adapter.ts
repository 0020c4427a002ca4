import type { PeerId } from "@libp2p/interface";

import { ENVELOPE_ID_BYTES } from "../../../client/mail/protocol/constants.js";
import { envelopeId, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import {
  MailBadResponseError,
  MailProtocolError,
  MailTimeoutError,
} from "../../../client/mail/protocol/errors.js";
import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import type { MailPeer, MailStreamSource } from "../../../client/mail/protocol/roundTrip.js";
import type { ReplicationAdapter } from "../../replication/adapter.js";
import type { AcceptLimits } from "../accept.js";
import { acceptReplicated } from "../accept.js";
import { decodeCursor } from "../cursor.js";
import type { MailStore, StoredEnvelope } from "../store/types.js";
import { MAIL_SYNC_PROTOCOL_1_0 } from "../sync/constants.js";
import { fetchEnvelopes, listRemoteIds, replicateEnvelopes, requestDigest } from "../sync/syncClient.js";

/** What {@link mailReplicationAdapter} needs. */
export interface MailReplicationAdapterInit {
  store: MailStore;
  /** Checks of a replicated envelope, and the clock skews and retention that bound the ranges. */
  limits: AcceptLimits & { maxPastSkewMs: number; clockSkewMarginMs: number };
  /** Opens node-to-node streams (dials when needed). */
  dialer: Extract<MailStreamSource, { dial: unknown }>;
}

/**
 * Mail as the replication core sees it: an item is an envelope, keyed by its id, never versioned
 * (an envelope never changes), positioned by its timestamp; ranges are time ranges (the retention,
 * or since the node was last in sync, widened by the clock skews allowed); items travel in
 * `/waymark/mail/sync/1.0.0` (`sync/sync.proto`), and a replicated envelope is checked as a push is.
 *
 * @param init - Store, limits and dialer.
 * @returns The adapter.
 */
export function mailReplicationAdapter(
  init: MailReplicationAdapterInit,
): ReplicationAdapter<Envelope, StoredEnvelope> {
  const { store, limits, dialer } = init;
  const dial = (peer: PeerId): [MailStreamSource, MailPeer] => [dialer, peer];
  const ahead = (now: number): number => now + limits.maxFutureSkewMs + limits.clockSkewMarginMs;
  return {
    label: "mail server",
    syncProtocol: MAIL_SYNC_PROTOCOL_1_0,
    store: {
      digest: async (range, buckets, now) => store.digest(range.from, range.to, buckets, now),
      missing: async (ids) => store.missing(ids),
      put: async (envelopes) => store.put(envelopes),
      floor: () => store.stats().floor,
      getMeta: async (key) => store.getMeta(key),
      setMeta: async (key, value) => store.setMeta(key, value),
    },
    transport: {
      replicate: async (peer, envelopes, options) => replicateEnvelopes(...dial(peer), envelopes, options),
      digest: async (peer, { range, buckets }, options) =>
        (await requestDigest(...dial(peer), { from: range.from, to: range.to, buckets }, options)).buckets,
      listIds: async (peer, { range, cursor, limit }, options) =>
        listRemoteIds(
          ...dial(peer),
          { from: range.from, to: range.to, cursor: cursor as Uint8Array<ArrayBuffer>, limit },
          options,
        ),
      fetch: async (peer, ids, options) => fetchEnvelopes(...dial(peer), ids, options),
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
    decodeCursor: (cursor) => {
      const position = decodeCursor(cursor);
      if (position === undefined) throw new MailBadResponseError("An empty cursor names no position");
      return { position: position.timestamp, id: position.id };
    },
    itemBytes: (envelope) => envelope.payload.byteLength + envelope.topic.length * 3 + 32,
    verify: (envelope, from, now) => {
      try {
        return { ok: true, stored: acceptReplicated(envelope, limits, now, from.origin) };
      } catch (err) {
        if (!(err instanceof MailProtocolError)) throw err;
        return { ok: false, error: err };
      }
    },
    timestampOf: (envelope) => envelope.timestamp,
    errors: {
      badResponse: (message, cause) => new MailBadResponseError(message, { cause }),
      timeout: (message, cause) => new MailTimeoutError(message, { cause }),
    },
  };
}
