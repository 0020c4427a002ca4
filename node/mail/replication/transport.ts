import type { PeerId } from "@libp2p/interface";

import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import type { MailPeer, MailStreamSource } from "../../../client/mail/protocol/roundTrip.js";
import type { ReplicationTransport } from "../../replication/adapter.js";
import { fetchEnvelopes, listRemoteIds, replicateEnvelopes, requestDigest } from "../sync/syncClient.js";

/**
 * Mail's node-to-node requests as the replication core makes them: `/waymark/mail/sync/1.0.0`
 * (`sync/sync.proto`) through `sync/syncClient.ts`, each answer bounded to what was asked for.
 *
 * @param dialer - Opens node-to-node streams (dials when needed).
 * @returns The transport.
 */
export function mailSyncTransport(
  dialer: Extract<MailStreamSource, { dial: unknown }>,
): ReplicationTransport<Envelope> {
  const dial = (peer: PeerId): [MailStreamSource, MailPeer] => [dialer, peer];
  return {
    replicate: async (peer, envelopes, options) => replicateEnvelopes(...dial(peer), envelopes, options),
    digest: async (peer, { range, buckets }, options) =>
      (await requestDigest(...dial(peer), { from: range.from, to: range.to, buckets }, options)).buckets.map(
        (bucket) => ({ count: bucket.count, sum: BigInt(bucket.sum) }),
      ),
    listIds: async (peer, { range, cursor, limit }, options) =>
      listRemoteIds(
        ...dial(peer),
        { from: range.from, to: range.to, cursor: cursor as Uint8Array<ArrayBuffer>, limit },
        options,
      ),
    fetch: async (peer, ids, options) => fetchEnvelopes(...dial(peer), ids, options),
  };
}
