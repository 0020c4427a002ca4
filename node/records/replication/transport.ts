import type { SignedRecord } from "../../../client/records/protocol/records.generated.js";
import type { StreamDialer } from "../../../client/kernel/p2p/openStream.js";
import type { ReplicationTransport } from "../../replication/adapter.js";
import {
  fetchRecords,
  listRemoteRecordIds,
  replicateRecords,
  requestRecordsDigest,
} from "../sync/syncClient.js";

/**
 * Records' node-to-node requests as the replication core makes them: `/waymark/records/sync/1.0.0`
 * (`sync/sync.proto`) through `sync/syncClient.ts`, each answer bounded to what was asked for.
 *
 * @param dialer - Opens node-to-node streams (dials when needed).
 * @returns The transport.
 */
export function recordsSyncTransport(dialer: StreamDialer): ReplicationTransport<SignedRecord> {
  return {
    replicate: async (peer, records, options) => replicateRecords(dialer, peer, records, options),
    digest: async (peer, { range, buckets }, options) => {
      const answer = await requestRecordsDigest(
        dialer,
        peer,
        { from: range.from, to: range.to, buckets },
        options,
      );
      // A fixed64 decodes signed; a sum is unsigned.
      return answer.buckets.map((bucket) => ({ count: bucket.count, sum: BigInt.asUintN(64, bucket.sum) }));
    },
    listIds: async (peer, { range, cursor, limit }, options) =>
      listRemoteRecordIds(
        dialer,
        peer,
        { from: range.from, to: range.to, cursor: cursor as Uint8Array<ArrayBuffer>, limit },
        options,
      ),
    fetch: async (peer, ids, options) => fetchRecords(dialer, peer, ids, options),
  };
}
